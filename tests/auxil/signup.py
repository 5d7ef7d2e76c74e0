"""A sign-up as a person types it, shared by the tests that run the whole form."""

from __future__ import annotations

# After the name: gemeente, role, e-mail, no phone, no remarks, confirm.
FORM_ANSWERS_AFTER_NAME = (
    "Meierijstad",
    "control",
    "anna@example.nl",
    "overslaan",
    "overslaan",
    "bevestigen",
)


def form_turns(name: str, start: str = "/aanmelden") -> list[str]:
    """Every message of a complete sign-up by `name`."""
    return [start, name, *FORM_ANSWERS_AFTER_NAME]
