"""knowledge/texts.yaml mistakes fail at load, naming the file and the entry: a text without
its English or Dutch, placeholders that differ, answer words not written as they are compared,
a word that picks two fields, a missing problem or status text, a button or a command named
by the other language's name, a command that does not exist, an unknown entry; in the form's
texts and in the channels' (`telegram`, `web`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge

# (what the file says, the mistake written instead, the error it must give)
MISTAKES = {
    "english missing": (
        '{nl: "Wat wil je wijzigen?", en: "What would you like to change?"}',
        '{nl: "Wat wil je wijzigen?"}',
        r"^texts\.yaml: entry form\.change_prompt\.en: Field required$",
    ),
    "dutch missing": (
        "    nl: >-\n      Dank je wel, je aanmelding is ontvangen en opgeslagen.",
        "    dutch: >-\n      Dank je wel, je aanmelding is ontvangen en opgeslagen.",
        r"^texts\.yaml: entry submitted\.created\.(nl|dutch): ",
    ),
    "placeholders differ": (
        'en: "Do you mean {name}?"',
        'en: "Do you mean {naam}?"',
        r"^texts\.yaml: entry form\.gemeente_one: .*placeholders differ: nl has \['name'\]",
    ),
    "word not folded": (
        "en: [cancel, /cancel, stop, quit]",
        "en: [Cancel!, stop]",
        r"^texts\.yaml: entry answers\.cancel\.words: .*'Cancel!' \(write 'cancel'\)$",
    ),
    "word picks two fields": (
        "change_words: {nl: [rol], en: [role]}",
        "change_words: {nl: [rol], en: [name]}",
        r"^texts\.yaml: entry fields: .*'name' picks both name and role$",
    ),
    "unknown problem": (
        "  email_no_at: {nl: In een e-mailadres staat een @.,",
        "  email_no_at_: {nl: In een e-mailadres staat een @.,",
        r"^texts\.yaml: entry problems\.email_no_at_\.\[key\]: Input should be 'name_missing'",
    ),
    "status missing": (
        "    afgewezen: {nl: afgewezen, en: not placed}\n",
        "",
        r"^texts\.yaml: entry account\.statuses: .*missing afgewezen$",
    ),
    "button of the other language": (
        "It is optional: choose 'Skip' if you like.",
        "It is optional: choose 'Overslaan' if you like.",
        r"^texts\.yaml: entry top level: .*entry fields\.phone\.prompt: names the button "
        r"'Overslaan' of the other language$",
    ),
    "unknown entry": (
        "  summary_title:",
        "  summary_titel:",
        r"^texts\.yaml: entry form\.summary_t",
    ),
    "telegram dutch missing": (
        "  edited_message:\n    nl: Ik lees aangepaste berichten niet opnieuw.",
        "  edited_message:\n    dutch: Ik lees aangepaste berichten niet opnieuw.",
        r"^texts\.yaml: entry telegram\.edited_message\.(nl|dutch): ",
    ),
    "telegram placeholders differ": (
        'en: "Yes? Put your question after my name, for example: @{username} what',
        'en: "Yes? Put your question after my name, for example: @{name} what',
        r"^texts\.yaml: entry telegram\.empty_mention: .*placeholders differ",
    ),
    "menu entry missing": (
        "    verwijder: {nl: Je gegevens laten wissen, en: Have your data erased}\n",
        "",
        r"^texts\.yaml: entry telegram\.menu\.verwijder: Field required",
    ),
    "web text names an english button": (
        "  size: {nl: Dat bericht is te groot voor mij.",
        "  size: {nl: Dat bericht is te groot voor mij. 'Skip'.",
        r"^texts\.yaml: entry .*entry web\.size: names the button 'Skip'",
    ),
    "english text names a dutch command": (
        'en: "/mydata shows what is stored, /delete erases it."',
        'en: "/mijngegevens shows what is stored, /delete erases it."',
        r"^texts\.yaml: entry top level: .*entry submitted\.your_data: its en text names "
        r"/mijngegevens of the other language; write /mydata$",
    ),
    "dutch text names an english command": (
        "wat er staat, met /verwijder wis je het. Stoppen kan altijd met /annuleer.",
        "wat er staat, met /verwijder wis je het. Stoppen kan altijd met /cancel.",
        r"^texts\.yaml: entry top level: .*entry form\.privacy: its nl text names /cancel of "
        r"the other language; write /annuleer$",
    ),
    "telegram help names a dutch command": (
        "      /delete – have your data erased\n\n",
        "      /verwijder – have your data erased\n\n",
        r"^texts\.yaml: entry top level: .*entry telegram\.help: its en text names "
        r"/verwijder of the other language; write /delete$",
    ),
    "a text names no command": (
        "Wissen kan met /verwijder.,",
        "Wissen kan met /verwijderen.,",
        r"^texts\.yaml: entry top level: .*entry account\.who_sees: names /verwijderen, "
        r"which is no command$",
    ),
    "command missing": (
        "  verwijder: {name: {nl: verwijder, en: delete}}\n",
        "",
        r"^texts\.yaml: entry commands: .*missing verwijder$",
    ),
    "command name used twice": (
        "  mijngegevens: {name: {nl: mijngegevens, en: mydata}}",
        "  mijngegevens: {name: {nl: mijngegevens, en: delete}}",
        r"^texts\.yaml: entry commands: .*the name 'delete' is used by mijngegevens and "
        r"verwijder$",
    ),
    "command name telegram refuses": (
        "  mijngegevens: {name: {nl: mijngegevens, en: mydata}}",
        "  mijngegevens: {name: {nl: mijngegevens, en: my-data}}",
        r"^texts\.yaml: entry commands\.mijngegevens\.name\.en: String should match pattern",
    ),
}


def test_the_real_texts_load() -> None:
    assert load_knowledge().texts.form.change_prompt.en == "What would you like to change?"


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_fails_at_load_naming_file_and_entry(knowledge_copy: Path, mistake: str) -> None:
    old, new, error = MISTAKES[mistake]
    path = knowledge_copy / "texts.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in texts.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=error):
        load_knowledge(knowledge_copy)


def test_a_missing_problem_text_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "texts.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("  email_no_at:")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(
        KnowledgeError, match=r"^texts\.yaml: entry problems: .*missing email_no_at$"
    ):
        load_knowledge(knowledge_copy)


def test_a_missing_texts_file_fails(knowledge_copy: Path) -> None:
    (knowledge_copy / "texts.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"kind 'texts' needs exactly one file"):
        load_knowledge(knowledge_copy)
