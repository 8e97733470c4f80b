"""The vote at the 支部大会: yes from more than half of 应到会有表决权党员; 预备党员 have no vote."""

import pytest

from app.kit.errors import UserError
from app.services.development.votes import Vote, check_vote, vote_passes, voting_members
from tests.services.development.dev_helpers import add_members


@pytest.mark.parametrize("expected,yes,passes", [(6, 4, True), (6, 3, False), (7, 4, True), (7, 3, False)])
def test_more_than_half_of_those_entitled_not_of_those_present(expected, yes, passes):
    # only 4 came: 3 yes of 4 present is a majority of those present but not of the 6 entitled
    vote = Vote(expected=expected, present=yes, yes=yes, no=0, abstain=0)
    assert vote_passes(vote) is passes


def test_probationary_members_do_not_count_and_do_not_vote(branch_db):
    with branch_db.transaction() as s:
        add_members(s)  # 6 正式党员 + 1 预备党员
        entitled = voting_members(s)
    assert entitled == 6
    with pytest.raises(UserError, match="预备党员没有表决权"):
        check_vote(Vote(expected=7, present=7, yes=7, no=0, abstain=0), "第15步 支部大会讨论", entitled=entitled)
    # the 预备党员 present is not among the ballots: 6 ballots from 6 present is right, 7 is not
    check_vote(Vote(expected=6, present=6, yes=4, no=1, abstain=1, probationary_present=1), "第15步", entitled=6)
    with pytest.raises(UserError, match="应等于实到会有表决权党员6人"):
        check_vote(Vote(expected=6, present=6, yes=5, no=1, abstain=1, probationary_present=1), "第15步", entitled=6)
    with pytest.raises(UserError, match="多于应到"):
        check_vote(Vote(expected=6, present=7, yes=7, no=0, abstain=0), "第15步", entitled=6)
