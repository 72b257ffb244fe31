"""Anonymous acts: no author and no order or time finer than the day, anywhere.

Decision 0004 (docs/decisions/0004-anonymous-acts.md). An anonymous act (an opinion sent through
the union today; union questions, secret ballots and anonymous reports later) is written with a
random id (`fields.RandomIdField`) and recorded with `services.record_anonymous` instead of
`audit.record`: an `AnonymousAct` row holding the day, the chain, what was done and its digest,
no actor, no time, no sequence. Once the day is over `services.seal_past_days` appends one audit
entry per chain and day with the count and a digest over the day's acts in digest order.
"""
