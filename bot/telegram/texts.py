"""What the Telegram channel itself says (Dutch HTML) and its command menu; the answers to
questions come from the core."""

from __future__ import annotations

MAX_TEXT_LENGTH = 1000  # longer messages get a polite "please shorten" reply

# The command menu (Dutch), registered with set_my_commands on start-up.
COMMAND_MENU: tuple[tuple[str, str], ...] = (
    ("start", "Welkom en wat ik voor je kan doen"),
    ("hulp", "Uitleg en voorbeeldvragen"),
    ("programma", "Het programma van het Leernetwerk: de dagdelen"),
    ("toolkit", "De werkpakketten van de toolkit per thema"),
    ("projecten", "Projecten van gemeenten per onderwerp"),
    ("aanmelden", "Aanmelden voor het Leernetwerk"),
    ("annuleer", "Stoppen met aanmelden"),
    ("mijngegevens", "Bekijken wat ik over je heb opgeslagen"),
    ("verwijder", "Je gegevens laten wissen"),
)

# Content commands ask the core a natural question, so they answer exactly like typed text.
# Each is an example phrasing of its intent in knowledge/intents.yaml, so it matches exactly.
COMMAND_QUESTIONS: dict[str, str] = {
    "programma": "programma",
    "toolkit": "toolkit",
    "projecten": "projecten",
}

WELCOME_HTML = (
    "<b>Welkom!</b> Ik ben de assistent van <b>Werken volgens de Bedoeling</b>.\n\n"
    "Ik beantwoord vragen over het Leernetwerk, de toolkit met werkpakketten en de projecten "
    "van gemeenten. Je kunt je bij mij ook aanmelden voor het Leernetwerk.\n\n"
    "Stel gewoon een vraag, of kies:\n"
    "/programma – de dagdelen van het Leernetwerk\n"
    "/toolkit – de werkpakketten per thema\n"
    "/projecten – projecten van gemeenten per onderwerp\n"
    "/aanmelden – meedoen aan het Leernetwerk\n"
    "/hulp – uitleg en voorbeeldvragen"
)

HELP_HTML = (
    "<b>Zo werk ik</b>\n"
    "Stel je vraag in gewone taal, bijvoorbeeld:\n"
    "• Wat is Werken volgens de Bedoeling?\n"
    "• Wanneer is het volgende dagdeel?\n"
    "• Welke gemeenten doen mee?\n\n"
    "<b>Opdrachten</b>\n"
    "/programma – de dagdelen\n"
    "/toolkit – de werkpakketten per thema\n"
    "/projecten – projecten per onderwerp\n"
    "/aanmelden – aanmelden voor het Leernetwerk\n"
    "/annuleer – stoppen met aanmelden\n"
    "/mijngegevens – zien wat ik over je heb opgeslagen\n"
    "/verwijder – je gegevens laten wissen\n\n"
    "In een groep reageer ik alleen als je mij noemt (@{username}), op mijn bericht "
    "reageert of een opdracht geeft."
)

GROUP_INTRO_HTML = (
    "Hallo allemaal! Ik ben de assistent van Werken volgens de Bedoeling: ik beantwoord vragen "
    "over het Leernetwerk, de toolkit en de projecten.\n"
    "Noem mij (@{username}) of reageer op mijn bericht als je iets wilt vragen; gewone "
    "gesprekken laat ik met rust."
)

PRIVATE_HANDOFF_HTML = (
    "Dat doen we liever in een privégesprek, zodat je gegevens niet in de groep komen. "
    "Tik op de knop om verder te gaan."
)
PRIVATE_HANDOFF_BUTTON = "Verder in privégesprek"
UNKNOWN_COMMAND_HTML = (
    "Die opdracht ken ik niet. Stel je vraag gewoon in woorden, of kijk bij /hulp wat ik kan."
)
UNSUPPORTED_MEDIA_HTML = (
    "Ik kan alleen tekst lezen, geen stickers, foto's, spraakberichten of bestanden. "
    "Typ je vraag, of kijk bij /hulp."
)
EDITED_MESSAGE_HTML = (
    "Ik lees aangepaste berichten niet opnieuw. Stuur je vraag gerust als nieuw bericht."
)
# "Too long" and "only words" are knowledge/texts.yaml's `channel` texts (Dutch and English:
# inside a sign-up form they follow its language).
EMPTY_MENTION_HTML = (
    "Ja? Zet je vraag achter mijn naam, bijvoorbeeld: @{username} wat is het programma?"
)
STALE_BUTTON_HTML = "Deze knop werkt niet meer. Stel je vraag gerust opnieuw, of kijk bij /hulp."
ERROR_HTML = (
    "Sorry, er ging iets mis aan mijn kant. Probeer het zo nog eens, of stel je vraag anders."
)
