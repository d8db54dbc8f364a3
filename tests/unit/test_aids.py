"""Eligibility and amounts of the doctors' contracts, computed from the figures the knowledge base holds."""
from __future__ import annotations

import pytest

from knowledge.aids import (NOT_ELIGIBLE, POSSIBLE, Situation, activity_aid, assess, caim_amount, caim_tiers,
                            split_payments)

FRAGILE = dict(zone_id="A", zone_fragile=True)
VIGILANCE = dict(zone_id="vigilance", zone_fragile=False)


@pytest.fixture(scope="module")
def contracts(kb):
    return kb.contracts()


@pytest.fixture(scope="module")
def caim(kb):
    return kb.contract("caim")


def by_id(assessments):
    return {a.contract_id: a for a in assessments}


def test_caim_tiers_are_the_documents_four_levels(caim):
    assert caim_tiers(caim) == [(4.0, 50000), (3.5, 43750), (3.0, 37500), (2.5, 31250)]


@pytest.mark.parametrize("days, expected", [
    (2.5, (2.5, 31250)), (3, (3.0, 37500)), (3.5, (3.5, 43750)), (4, (4.0, 50000)), (5, (4.0, 50000)),
    (7, (4.0, 50000)), (2, None), (0.5, None), (3.25, (3.0, 37500)),
])
def test_caim_amount_by_days_of_activity(caim, days, expected):
    assert caim_amount(caim, days) == expected


def test_caim_is_paid_half_at_signature_and_the_balance_a_year_later(caim):
    assert split_payments(37500, caim.parameters["first_payment"]) == (18750, 18750)
    assert split_payments(43750, 50) == (21875, 21875)


def test_three_days_in_zone_a_gives_the_three_day_caim_in_two_payments(contracts):
    result = by_id(assess(contracts, Situation(**FRAGILE, days_per_week=3)))
    caim = result["caim"]
    assert caim.verdict == POSSIBLE and caim.amount == 37500 and caim.payments == (18750, 18750)
    assert caim.tier_days == 3.0 and caim.hospital_extra == 1250
    assert "coordinated" in caim.to_check and "pdsa" in caim.to_check and "min_days" not in caim.to_check


def test_two_days_a_week_is_below_the_caim_minimum(contracts):
    caim = by_id(assess(contracts, Situation(**FRAGILE, days_per_week=2)))["caim"]
    assert caim.verdict == NOT_ELIGIBLE and caim.failed == "min_days" and caim.amount is None


def test_without_coordinated_practice_neither_caim_nor_coscom(contracts):
    result = by_id(assess(contracts, Situation(**FRAGILE, days_per_week=4, coordinated=False)))
    assert result["caim"].failed == "coordinated" and result["coscom"].failed == "coordinated"


def test_coordinated_practice_removes_that_condition_from_what_to_check(contracts):
    result = by_id(assess(contracts, Situation(**FRAGILE, days_per_week=4, coordinated=True)))
    assert result["caim"].amount == 50000 and "coordinated" not in result["caim"].to_check
    assert result["coscom"].verdict == POSSIBLE and result["coscom"].amount == 5000


def test_vigilance_zone_opens_the_cstm_only(contracts):
    result = by_id(assess(contracts, Situation(**VIGILANCE, days_per_week=4)))
    assert result["caim"].failed == "zone_fragile" and result["coscom"].failed == "zone_fragile"
    assert result["cstm"].verdict == POSSIBLE and "min_days_fragile" in result["cstm"].to_check


def test_the_cstm_is_not_for_a_fragile_zone(contracts):
    assert by_id(assess(contracts, Situation(**FRAGILE)))["cstm"].failed == "zone_vigilance"


def test_cotram_is_assessed_only_when_the_age_is_known(contracts):
    assert "cotram" not in by_id(assess(contracts, Situation(**FRAGILE)))
    assert by_id(assess(contracts, Situation(**FRAGILE, age=59)))["cotram"].failed == "min_age"
    cotram = by_id(assess(contracts, Situation(**FRAGILE, age=60)))["cotram"]
    assert cotram.verdict == POSSIBLE and "host_young_doctor" in cotram.to_check


def test_caim_and_coscom_each_list_the_other_as_excluded(kb):
    assert "COSCOM" in [c for c in kb.contract("caim").conditions if c.code == "exclusive"][0].text
    assert "CAIM" in [c for c in kb.contract("coscom").conditions if c.code == "exclusive"][0].text


@pytest.mark.parametrize("fees, expected", [(0, 0), (100000, 10000), (200000, 20000), (350000, 20000)])
def test_activity_aid_is_ten_percent_up_to_the_yearly_cap(kb, fees, expected):
    cotram = kb.contract("cotram")
    assert activity_aid(cotram.parameters["rate"], cotram.parameters["cap_per_year"], fees) == expected


def test_options_without_rule_are_not_assessed(contracts):
    assert {"optam", "assistant_medical"}.isdisjoint(by_id(assess(contracts, Situation(**FRAGILE))))


def test_an_installation_aid_already_received_excludes_the_caim_only(contracts):
    result = by_id(assess(contracts, Situation(**FRAGILE, days_per_week=4, already_aided=True)))
    assert result["caim"].failed == "no_previous_aid" and result["coscom"].verdict == POSSIBLE
