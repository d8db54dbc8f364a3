"""Billing codes: every value and rule of the documents, recognition in professionals' words, computed totals."""
from __future__ import annotations

from datetime import time

import pytest

from knowledge.cotations import AGE, CCAM, NOT_WITH, ROLE, TARGET, TWO_ACTS, Visit, compute, night_status, recognise


@pytest.fixture(scope="module")
def codes(kb):
    return {c.code: c for c in kb.codes()}


@pytest.fixture(scope="module")
def rules(kb):
    return kb.code_rules()


def bill(codes, rules, *asked, **context):
    return compute(codes, rules, Visit(tuple(asked), **context))


@pytest.mark.parametrize("code, value", [
    ("G", 26.5), ("GS", 26.5), ("C", 23), ("MMG", 3.5), ("MEG", 5), ("MCG", 5), ("CCE", 60), ("MPH", 60),
    ("VL", 60), ("VSP", 60), ("MUT", 5), ("MCU", 15), ("MRT", 15),
])
def test_values_given_by_the_documents(codes, code, value):
    assert codes[code].value == value


@pytest.mark.parametrize("code", ["CS", "CCX", "COE", "CCP", "SNP", "APC", "APU", "V", "DEQP003"])
def test_codes_without_an_amount_in_the_documents_have_none(codes, code):
    assert codes[code].value is None


def test_g_for_a_four_year_old_adds_the_meg(codes, rules):
    result = bill(codes, rules, "G", age=4, role="treating")
    assert [(line.code, line.added) for line in result.lines] == [("G", False), ("MEG", True)]
    assert result.total == 31.5


def test_g_plus_mcg_for_a_seven_year_old(codes, rules):
    assert bill(codes, rules, "G", "MCG", age=7).total == 31.5


def test_correspondent_child_under_six_gets_meg_and_mcg(codes, rules):
    result = bill(codes, rules, "G", age=3, role="correspondent")
    assert {line.code for line in result.lines} == {"G", "MEG", "MCG"} and result.total == 36.5


def test_g_for_an_adult_is_26_50(codes, rules):
    assert bill(codes, rules, "G", age=40).total == 26.5


@pytest.mark.parametrize("age", [6, 6.5, 15])
def test_meg_refused_from_six_years(codes, rules, age):
    result = bill(codes, rules, "G", "MEG", age=age)
    assert [r.reason for r in result.refused] == [AGE] and result.total == 26.5


def test_meg_kept_with_the_age_to_confirm_when_no_age_is_given(codes, rules):
    result = bill(codes, rules, "G", "MEG")
    assert result.total == 31.5 and result.age_to_confirm == ("MEG",)


def test_mcg_is_not_for_the_treating_doctor(codes, rules):
    result = bill(codes, rules, "G", "MCG", role="treating")
    assert [(r.code, r.reason) for r in result.refused] == [("MCG", ROLE)]


def test_mut_and_mrt_are_for_the_treating_doctor_mcu_for_the_correspondent(codes, rules):
    assert bill(codes, rules, "G", "MUT", role="treating").total == 31.5
    assert bill(codes, rules, "G", "MRT", role="treating").total == 41.5
    assert bill(codes, rules, "G", "MCU", role="correspondent").total == 46.5
    assert [r.reason for r in bill(codes, rules, "G", "MCU", role="treating").refused] == [ROLE]


@pytest.mark.parametrize("other", ["MCG", "MUT", "MCU", "MRT", "CCE"])
def test_snp_does_not_cumulate(codes, rules, other):
    result = bill(codes, rules, "G", "SNP", other) if other != "CCE" else bill(codes, rules, "CCE", "SNP")
    refused = {(r.code, r.reason) for r in result.refused}
    assert any(reason == NOT_WITH for _, reason in refused)


def test_snp_weekly_cap_and_vl_yearly_cap_are_rules(rules):
    caps = {r.code: (r.value, r.period) for r in rules if r.kind == "cap"}
    assert caps == {"SNP": (20, "semaine"), "VL": (4, "an")}


def test_snp_has_no_amount_so_the_total_is_partial(codes, rules):
    result = bill(codes, rules, "G", "SNP")
    assert result.total is None and result.partial_total == 26.5 and result.missing_values == ("SNP",)


def test_mmg_is_already_in_the_g(codes, rules):
    assert [r.reason for r in bill(codes, rules, "G", "MMG").refused] == [NOT_WITH]


def test_two_consultations_on_one_bill_are_refused(codes, rules):
    result = bill(codes, rules, "G", "VL")
    assert [(r.code, r.reason, r.other) for r in result.refused] == [("VL", TWO_ACTS, "G")]


def test_majoration_on_an_act_it_does_not_complete(codes, rules):
    assert [r.reason for r in bill(codes, rules, "VL", "MEG", age=3).refused] == [TARGET]


def test_consultation_and_technical_act_do_not_cumulate_except_ecg_and_smear(codes, rules):
    assert [r.reason for r in bill(codes, rules, "G", "ALQP003").refused] == [CCAM]
    assert bill(codes, rules, "G", "DEQP003").refused == ()
    assert bill(codes, rules, "G", "JKHD001").refused == ()


def test_unknown_code_is_reported_never_valued(codes, rules):
    result = bill(codes, rules, "G", "XYZ1")
    assert result.unknown == ("XYZ1",) and result.total == 26.5


@pytest.fixture(scope="module")
def night(rules):
    return [r for r in rules if r.kind == "night"][0]


@pytest.mark.parametrize("act, call, expected", [
    (time(23, 0), time(22, 30), "applies"),
    (time(20, 0), time(19, 0), "applies"),
    (time(19, 59), time(19, 30), "not_night"),
    (time(7, 59), time(6, 59), "applies"),
    (time(7, 59), time(7, 0), "call_outside"),
    (time(8, 0), time(6, 0), "not_night"),
    (time(21, 0), time(18, 59), "call_outside"),
    (time(2, 0), None, "if_called"),
])
def test_night_hours_for_the_act_and_for_the_call(night, act, call, expected):
    assert night_status(night, act, call) == expected


def test_sunday_or_holiday(night):
    assert night_status(night, time(11), None, sunday_or_holiday=True) == "sunday"


def test_visit_at_23_called_at_22_30_has_the_night_majoration_without_an_invented_amount(codes, rules):
    result = bill(codes, rules, "V", act_time=time(23), call_time=time(22, 30))
    assert result.night == "applies" and result.total is None and result.missing_values == ("V",)


KNOWN = ["G", "GS", "C", "CS", "V", "MEG", "MCG", "VL", "VSP", "COE", "SNP", "MPH", "CCE"]


@pytest.mark.parametrize("text, expected", [
    ("g+meg pour un enfant de 4 ans", ["G", "MEG"]), ("une G pour un gamin de 3 ans", ["G"]), ("MCG?", ["MCG"]),
    ("COE 24 mois", ["COE"]), ("VSP à domicile", ["VSP"]), ("je cote en G ou en GS ?", ["G", "GS"]),
    ("G à 26,50 € ?", ["G"]), ("g / meg", ["G", "MEG"]),
])
def test_recognise(text, expected):
    assert recognise(text, KNOWN) == expected


@pytest.mark.parametrize("text", ["vitamine C", "c'est pour un enfant", "j'ai vu un patient à 8 h", "zone A",
                                  "hépatite C chez un patient", "C 3 fois par jour"])
def test_not_codes(text):
    assert recognise(text, KNOWN) == []


@pytest.mark.parametrize("text, expected", [
    ("G pour un enfant de 4 ans", 4), ("nourrisson de 18 mois", 1.5), ("bébé de 10 jours", 10 / 365),
    ("G + MEG", None), ("un nouveau-né", 0),
])
def test_age_read_from_the_message(text, expected):
    from knowledge.cotations import parse_visit
    age = parse_visit(text, ()).age
    assert age == pytest.approx(expected, abs=1e-3) if expected is not None else age is None


@pytest.mark.parametrize("text, expected", [
    ("patient de 130 ans", "130 ans n'est pas possible"), ("enfant de -3 ans", "négatif"),
    ("visite à 25h", "« 25h » n'est pas une heure"), ("acte à 22h75", "n'est pas une heure"),
])
def test_impossible_context_is_refused(text, expected):
    from knowledge.cotations import ContextError, parse_visit
    with pytest.raises(ContextError, match=expected):
        parse_visit(text, ())


@pytest.mark.parametrize("text, role", [
    ("je le vois en tant que médecin traitant", "treating"), ("je suis son correspondant", "correspondent"),
    ("ce n'est pas mon patient, pas son medecin traitant", "correspondent"),
    ("adressé par son MT", "correspondent"), ("une G", None),
    ("un médecin traitant me demande de voir son patient dans les 48 heures", "correspondent"),
])
def test_role_read_from_the_message(text, role):
    from knowledge.cotations import parse_visit
    assert parse_visit(text, ()).role == role


def test_a_time_elapsed_is_not_the_patient_s_age():
    from knowledge.cotations import parse_visit

    assert parse_visit("vu il y a 3 mois, je recote l'APC ?", ("APC",)).age is None
    assert parse_visit("arrêt depuis 2 ans, G pour un enfant de 4 ans", ("G",)).age == 4.0


def test_an_age_written_in_words_is_read():
    from knowledge.cotations import parse_visit

    assert parse_visit("je vois un enfant de trois ans au cabinet", ("G",)).age == 3.0
    assert parse_visit("un bébé de six mois", ("G",)).age == 0.5
    assert parse_visit("vu il y a trois mois", ("APC",)).age is None


@pytest.mark.parametrize("text, act, call", [
    ("on m'a appelé à dix-huit heures trente et j'ai vu le patient à vingt heures trente", time(20, 30), time(18, 30)),
    ("visite à 22h30, appelé à 21 h", time(22, 30), time(21, 0)),
    ("vu à 8 heures du matin", time(8, 0), None),
    ("le correspondant doit le voir dans les 48 heures", None, None),
    ("rappel sous 24 h, visite à 23h", time(23, 0), None),
])
def test_hours_read_in_digits_or_words_and_a_delay_is_no_hour(text, act, call):
    from knowledge.cotations import parse_visit

    visit = parse_visit(text, ())
    assert (visit.act_time, visit.call_time) == (act, call)


@pytest.mark.parametrize("text, code, expected", [
    ("je voudrais faire 6 VL dans l'année", "VL", (6, 4, 240.0)), ("cinq VSP chez le même patient", "VSP", (5, 5, 300.0)),
    ("une VL pour un patient de 85 ans", "VL", (1, 1, 60.0)), ("la VL c'est combien", "VL", None),
])
def test_acts_counted_in_a_message_within_the_code_s_yearly_cap(kb, text, code, expected):
    from knowledge.cotations import acts_counted

    counted = acts_counted(text, kb.code(code))
    assert (counted.asked, counted.billed, counted.total) == expected if expected else counted is None
