"""A submission's lifecycle is its table: every pair the table holds is the one step it names, every other pair
is refused in Chinese, whatever the state and the event."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import review
from intake.models import Review


def test_a_submission_goes_from_draft_to_pending_to_approved_or_returned():
    assert review.step(Review.DRAFT, review.Step.SUBMIT) == Review.PENDING
    assert review.step(Review.PENDING, review.Step.APPROVE) == Review.APPROVED
    assert review.step(Review.PENDING, review.Step.RETURN) == Review.RETURNED


@given(st.sampled_from(Review.values), st.sampled_from(review.Step.values))
def test_every_pair_outside_the_table_is_refused(state, event):
    if (state, event) in review.TABLE:
        assert review.step(state, event) == review.TABLE[(state, event)]
        return
    with pytest.raises(review.ReviewRefused, match="不能") as refused:
        review.step(state, event)
    assert Review(state).label in str(refused.value)

