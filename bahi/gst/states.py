"""GST state and union-territory codes: a GSTIN's first two digits and the place-of-supply code.

Source: india-tax reference section 2 (india-compliance STATE_NUMBERS, cross-checked with
frappe/books and the state-code pages). Which territories levy UTGST instead of SGST (union
territories without a legislature) follows the reference's table, not checked there against the
UTGST Act text.
Codes 25 and 28 are historic: valid in old GSTINs and documents, never offered for new ones.
"""

from dataclasses import dataclass
from enum import StrEnum


class StateTax(StrEnum):
    """The state-level head charged on an intra-state supply in this territory."""

    SGST = "SGST"
    UTGST = "UTGST"
    NONE = ""  # not a territory with its own state-level tax (other countries, centre jurisdiction)


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    state_tax: StateTax
    is_union_territory: bool = False
    is_legacy: bool = False
    is_gstin_prefix: bool = True

    @property
    def uses_utgst(self) -> bool:
        return self.state_tax is StateTax.UTGST

    @property
    def label(self) -> str:
        """The "NN-State Name" form used for place of supply on documents and in returns."""
        return f"{self.code}-{self.name}"


_S, _U = StateTax.SGST, StateTax.UTGST

STATES: dict[str, State] = {
    state.code: state
    for state in (
        State("01", "Jammu and Kashmir", _S, is_union_territory=True),
        State("02", "Himachal Pradesh", _S),
        State("03", "Punjab", _S),
        State("04", "Chandigarh", _U, is_union_territory=True),
        State("05", "Uttarakhand", _S),
        State("06", "Haryana", _S),
        State("07", "Delhi", _S, is_union_territory=True),
        State("08", "Rajasthan", _S),
        State("09", "Uttar Pradesh", _S),
        State("10", "Bihar", _S),
        State("11", "Sikkim", _S),
        State("12", "Arunachal Pradesh", _S),
        State("13", "Nagaland", _S),
        State("14", "Manipur", _S),
        State("15", "Mizoram", _S),
        State("16", "Tripura", _S),
        State("17", "Meghalaya", _S),
        State("18", "Assam", _S),
        State("19", "West Bengal", _S),
        State("20", "Jharkhand", _S),
        State("21", "Odisha", _S),
        State("22", "Chhattisgarh", _S),
        State("23", "Madhya Pradesh", _S),
        State("24", "Gujarat", _S),
        State("25", "Daman and Diu", _U, is_union_territory=True, is_legacy=True),
        State("26", "Dadra and Nagar Haveli and Daman and Diu", _U, is_union_territory=True),
        State("27", "Maharashtra", _S),
        State("28", "Andhra Pradesh (before bifurcation)", _S, is_legacy=True),
        State("29", "Karnataka", _S),
        State("30", "Goa", _S),
        State("31", "Lakshadweep", _U, is_union_territory=True),
        State("32", "Kerala", _S),
        State("33", "Tamil Nadu", _S),
        State("34", "Puducherry", _S, is_union_territory=True),
        State("35", "Andaman and Nicobar Islands", _U, is_union_territory=True),
        State("36", "Telangana", _S),
        State("37", "Andhra Pradesh", _S),
        State("38", "Ladakh", _U, is_union_territory=True),
        # Whether Other Territory levies SGST or UTGST is not settled in the reference; UTGST is
        # what the Union administers outside every State, so it is the working assumption here.
        State("97", "Other Territory", _U, is_union_territory=True),
        State("96", "Other Countries", StateTax.NONE, is_gstin_prefix=False),
        State("99", "Centre Jurisdiction", StateTax.NONE),
    )
}

OTHER_COUNTRIES = "96"


def get_state(code: str) -> State | None:
    return STATES.get(code.strip())


def is_known_state_code(code: str) -> bool:
    return code.strip() in STATES


def state_name(code: str) -> str:
    """The state's name; raises KeyError for an unknown code."""
    return STATES[code.strip()].name


def current_states() -> list[State]:
    """Indian states and UTs a new registration or an Indian place of supply may use, by code."""
    return [
        state
        for state in STATES.values()
        if not state.is_legacy and state.state_tax is not StateTax.NONE
    ]
