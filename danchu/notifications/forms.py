from django import forms
from django.utils.translation import gettext_lazy as _


class DigestPreferenceForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send me a daily e-mail with the new notices I have not read"),
        help_text=_(
            "Reminders and answers to your own questions are always e-mailed at once; new "
            "publications reach your e-mail only through this daily digest."
        ),
        required=False,
    )
