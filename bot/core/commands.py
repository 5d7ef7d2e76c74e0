"""The core's commands ("/aanmelden", "/verwijder", ...) and the fixed texts it answers with."""

from __future__ import annotations

import re

from bot.signup.fields import YES_WORDS

COMMAND_SIGNUP = "aanmelden"
COMMAND_CANCEL = "annuleer"
COMMAND_MY_DATA = "mijngegevens"
COMMAND_DELETE = "verwijder"
_COMMAND_RE = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
DELETE_YES_WORDS = YES_WORDS | {"ja verwijderen", "verwijderen", "verwijder", "wissen"}

GROUP_SIGNUP_TEXT = (
    "Aanmelden voor het Leernetwerk gaat verder in een privégesprek met mij, zodat je "
    "gegevens niet in de groep komen. Tik op de knop om verder te gaan."
)
GROUP_PRIVATE_TEXT = (
    "Je gegevens laat ik alleen in een privégesprek zien of wissen, niet in de groep. Tik "
    "op de knop om verder te gaan."
)
NO_SIGNUP_TEXT = (  # filled in from knowledge/leernetwerk.yaml's contact
    "Aanmelden voor het Leernetwerk kan door een mail te sturen naar het {organisation}, "
    "{email}, of te bellen met {person}, T {phone}."
)
NOT_A_NAME_TEXT = (
    "Dat lees ik als een vraag of een zin, niet als je naam, dus ik heb het niet opgeslagen. "
    "Stel je vraag gerust nog eens anders, of stop de aanmelding met /annuleer."
)
EXPIRED_TEXT = (
    "Je aanmelding van eerder is verlopen omdat het lang stil was; die gegevens zijn niet "
    "bewaard. Opnieuw beginnen kan met /aanmelden."
)


def parse_command(text: str) -> tuple[str, str] | None:
    """("aanmelden", "") for "/aanmelden" (also "/aanmelden@Bot"), ("start", "aanmelden") for
    "/start aanmelden"; None when `text` is no command."""
    match = _COMMAND_RE.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()
