"""Which conventional contracts a doctor may claim for a given situation, and how much: the rules of document 000.

Pure functions over the contracts' conditions and figures as the knowledge base gives them (ContractInfo): no
figure is written here, only the way the document combines them. A condition the assistant cannot verify (PDSA,
no earlier aid…) is returned as "to check", never assumed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from knowledge.queries import ContractInfo

POSSIBLE = "possible"          # every known condition is met; the ones listed in to_check remain to be met
NOT_ELIGIBLE = "not_eligible"  # a condition is not met: `failed` says which
CAIM_TIER_PREFIX = "amount_days_"


@dataclass(frozen=True)
class Situation:
    """What the asker told: the zone of the commune, and when known, days per week, coordination, age."""

    zone_id: str
    zone_fragile: bool
    days_per_week: Optional[float] = None
    coordinated: Optional[bool] = None
    age: Optional[int] = None
    already_aided: Optional[bool] = None  # has already received an installation aid


@dataclass(frozen=True)
class Assessment:
    contract_id: str
    verdict: str
    failed: Optional[str] = None         # code of the unmet condition
    to_check: Tuple[str, ...] = ()       # codes of the conditions the asker still has to meet
    amount: Optional[int] = None         # CAIM: the total; COSCOM: per year
    payments: Tuple[int, ...] = ()       # CAIM: at signature, at the first anniversary
    tier_days: Optional[float] = None    # CAIM: the activity level whose amount applies
    hospital_extra: Optional[int] = None  # optional proximity-hospital commitment: per payment (CAIM), per year


def caim_tiers(contract: ContractInfo) -> List[Tuple[float, int]]:
    """(minimum days per week, amount), highest first."""
    tiers = [(float(name[len(CAIM_TIER_PREFIX):]), int(value)) for name, value in contract.parameters.items()
             if name.startswith(CAIM_TIER_PREFIX)]
    return sorted(tiers, reverse=True)


def caim_amount(contract: ContractInfo, days_per_week: float) -> Optional[Tuple[float, int]]:
    """The tier that applies to that activity (the highest minimum reached) and its amount; None below the lowest."""
    for minimum, amount in caim_tiers(contract):
        if days_per_week >= minimum:
            return minimum, amount
    return None


def split_payments(total: int, first_percent: float) -> Tuple[int, int]:
    first = round(total * first_percent / 100)
    return first, total - first


def activity_aid(rate_percent: float, cap: float, fees: float) -> int:
    """COTRAM and CSTM: a share of the conventioned fees (without overbilling or flat fees), up to a yearly cap."""
    if fees < 0:
        raise ValueError("fees cannot be negative")
    return int(round(min(fees * rate_percent / 100, cap)))


def _unknown(contract: ContractInfo, known: Dict[str, bool]) -> Tuple[str, ...]:
    return tuple(c.code for c in contract.conditions if c.code not in known)


def _first_failed(contract: ContractInfo, known: Dict[str, bool]) -> Optional[str]:
    for condition in contract.conditions:
        if known.get(condition.code) is False:
            return condition.code
    return None


def assess_caim(contract: ContractInfo, situation: Situation) -> Assessment:
    known: Dict[str, bool] = {"zone_fragile": situation.zone_fragile}
    tier = None
    if situation.days_per_week is not None:
        tier = caim_amount(contract, situation.days_per_week)
        known["min_days"] = tier is not None
    if situation.coordinated is not None:
        known["coordinated"] = situation.coordinated
    if situation.already_aided is not None:
        known["no_previous_aid"] = not situation.already_aided
    failed = _first_failed(contract, known)
    if failed:
        return Assessment(contract.id, NOT_ELIGIBLE, failed=failed)
    hospital = contract.parameters.get("hospital_per_payment")
    if tier is None:
        return Assessment(contract.id, POSSIBLE, to_check=_unknown(contract, known),
                          hospital_extra=int(hospital) if hospital else None)
    minimum, amount = tier
    payments = split_payments(amount, contract.parameters.get("first_payment", 100))
    return Assessment(contract.id, POSSIBLE, to_check=_unknown(contract, known), amount=amount, payments=payments,
                      tier_days=minimum, hospital_extra=int(hospital) if hospital else None)


def assess_coscom(contract: ContractInfo, situation: Situation) -> Assessment:
    known: Dict[str, bool] = {"zone_fragile": situation.zone_fragile}
    if situation.coordinated is not None:
        known["coordinated"] = situation.coordinated
    failed = _first_failed(contract, known)
    if failed:
        return Assessment(contract.id, NOT_ELIGIBLE, failed=failed)
    hospital = contract.parameters.get("hospital_per_year")
    return Assessment(contract.id, POSSIBLE, to_check=_unknown(contract, known),
                      amount=int(contract.parameters["per_year"]), hospital_extra=int(hospital) if hospital else None)


def assess_cotram(contract: ContractInfo, situation: Situation) -> Assessment:
    known: Dict[str, bool] = {"zone_fragile": situation.zone_fragile}
    if situation.age is not None:
        known["min_age"] = situation.age >= contract.parameters["min_age"]
    failed = _first_failed(contract, known)
    if failed:
        return Assessment(contract.id, NOT_ELIGIBLE, failed=failed)
    return Assessment(contract.id, POSSIBLE, to_check=_unknown(contract, known))


def assess_cstm(contract: ContractInfo, situation: Situation) -> Assessment:
    known = {"zone_vigilance": situation.zone_id == "vigilance"}
    failed = _first_failed(contract, known)
    if failed:
        return Assessment(contract.id, NOT_ELIGIBLE, failed=failed)
    return Assessment(contract.id, POSSIBLE, to_check=_unknown(contract, known))


RULES = {"caim": assess_caim, "coscom": assess_coscom, "cotram": assess_cotram, "cstm": assess_cstm}


def assess(contracts: Sequence[ContractInfo], situation: Situation) -> List[Assessment]:
    """The assessment of each contract with a rule, in the knowledge base's order.

    The COTRAM is for doctors of 60 or more who host a young doctor: it is assessed only when the age is known.
    """
    found = []
    for contract in contracts:
        rule = RULES.get(contract.id)
        if rule is None or (contract.id == "cotram" and situation.age is None):
            continue
        found.append(rule(contract, situation))
    return found
