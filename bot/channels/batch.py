"""The batch channel: `python -m bot ask --jsonl` (the contract used by shared/eval/score.py).

Each stdin line is a JSON object `{"conversation": ID, "text": MESSAGE}` ("conversation" is
optional: without it the line is an independent question). Each line gets exactly one JSON line
on stdout, in order. A line that is not such an object (plain text, broken JSON, a list, no
string "text") gets the error object `{"error": "line N: ...", "matched": false, "answer": "",
"action": null}` and the batch goes on.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from bot.core.assistant import Assistant
from bot.domain import Origin, Reply

BATCH_ORIGIN = Origin(channel="batch")


def reply_record(conversation: str | None, text: str, reply: Reply) -> dict[str, Any]:
    """The JSON object for one answered line."""
    return {
        "conversation": conversation,
        "text": text,
        "answer": reply.plain_text(),
        "matched": reply.matched,
        "action": reply.action,
        "intent": reply.intent,
        "confidence": reply.confidence,
        "suggestions": reply.suggestions,
        "choices": [choice.label for choice in reply.choices],
    }


def _parse(line: str, index: int) -> tuple[str, str]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError('expected a JSON object with a string "text"')
    conversation = data.get("conversation")
    return (str(conversation) if conversation is not None else f"line-{index}"), data["text"]


def run_batch(assistant: Assistant, lines: Iterable[str]) -> Iterator[str]:
    """Answer every input line; yields one JSON line per input line."""
    run_id = uuid.uuid4().hex[:8]
    for index, line in enumerate(lines):
        try:
            conversation, text = _parse(line, index)
        except ValueError as exc:
            yield json.dumps(
                {
                    "error": f"line {index + 1}: {exc}",
                    "matched": False,
                    "answer": "",
                    "action": None,
                },
                ensure_ascii=False,
            )
            continue
        reply = assistant.handle(f"batch:{run_id}:{conversation}", text, BATCH_ORIGIN)
        yield json.dumps(reply_record(conversation, text, reply), ensure_ascii=False)
