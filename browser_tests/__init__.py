"""End-to-end tests: the live Django server driven by headless Chromium through Playwright."""
