"""Per-chat budgets (bot.telegram.flood): a chat over its budget is told once, then ignored
for a cool-down, then gets a fresh budget; other chats are never affected."""

from __future__ import annotations

from bot.telegram.flood import Budget, ChatBudget, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_chat_over_its_budget_is_told_once_then_ignored_then_refreshed() -> None:
    clock = Clock()
    budget = ChatBudget(
        Budget(burst=3, per_second=1.0, cool_down=60.0),
        Budget(burst=2, per_second=0.1, cool_down=30.0),
        clock=clock,
    )
    verdicts = [budget.admit(1, is_group=False) for _ in range(6)]
    assert verdicts == [Verdict.HANDLE] * 3 + [Verdict.SLOW_DOWN] + [Verdict.IGNORE] * 2
    assert budget.admit(2, is_group=False) is Verdict.HANDLE  # another chat: untouched
    clock.now += 59
    assert budget.admit(1, is_group=False) is Verdict.IGNORE
    clock.now += 2
    assert budget.admit(1, is_group=False) is Verdict.HANDLE


def test_the_budget_refills_at_its_rate() -> None:
    clock = Clock()
    budget = ChatBudget(group=Budget(burst=2, per_second=0.5, cool_down=10.0), clock=clock)
    assert budget.admit(-5, is_group=True) is Verdict.HANDLE
    assert budget.admit(-5, is_group=True) is Verdict.HANDLE
    clock.now += 2.0  # one unit back
    assert budget.admit(-5, is_group=True) is Verdict.HANDLE
    assert budget.admit(-5, is_group=True) is Verdict.SLOW_DOWN


def test_memory_stays_bounded() -> None:
    clock = Clock()
    budget = ChatBudget(clock=clock, max_chats=100)
    for chat_id in range(1000):
        budget.admit(chat_id, is_group=False)
    assert len(budget._buckets) <= 100
