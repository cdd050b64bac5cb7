"""A chain of thought as steps (issue 18): titles found however the text is cut into deltas, and
when each arrived kept with the answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ponder.core.answers.steps import StepClock, steps

SUMMARY = ("**Planning the search**\n\nWhat is asked: why the sky is blue.\n\n"
           "**Reading the sources**\n\nTwo sources agree; one adds **the sunset** case.**Weighing them**\n\n"
           "Rayleigh scattering, then.")


def test_bold_titles_on_their_own_lines_are_steps_and_bold_words_are_not() -> None:
    got = steps(SUMMARY)
    assert [s.title for s in got] == ["Planning the search", "Reading the sources", "Weighing them"]
    assert SUMMARY[got[1].body_start:got[1].end].strip() == "Two sources agree; one adds **the sunset** case."
    assert steps("Just **one** bold word.\n\n**Only one title**\n\ntext") == []  # one title is not a list of steps
    pre = steps("Let me think.\n\n**Alpha**\n\nx\n\n**Beta**\n\ny")
    assert [s.title for s in pre] == ["Thinking", "Alpha", "Beta"]  # what came before the first title is kept


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(SUMMARY)), max_size=40))
def test_titles_are_timed_however_the_stream_is_cut(cuts: list[int]) -> None:
    clock = StepClock()
    points = sorted({0, *cuts, len(SUMMARY)})
    for n, (a, b) in enumerate(zip(points, points[1:])):
        clock.feed(SUMMARY[a:b], float(n))
    got = steps(SUMMARY, clock.marks)
    assert [s.at_ms is not None for s in got] == [True, True, True]
    assert [s.at_ms for s in got] == sorted(s.at_ms for s in got if s.at_ms is not None)
