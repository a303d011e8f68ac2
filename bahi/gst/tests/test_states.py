from bahi.gst.states import STATES, StateTax, current_states, get_state, is_known_state_code


def test_union_territories_without_legislature_use_utgst():
    utgst = {code for code, state in STATES.items() if state.uses_utgst}
    assert utgst == {"04", "25", "26", "31", "35", "38", "97"}


def test_delhi_puducherry_and_jammu_kashmir_use_sgst():
    assert [STATES[code].state_tax for code in ("07", "34", "01")] == [StateTax.SGST] * 3


def test_place_of_supply_label():
    state = get_state("27")
    assert state is not None
    assert state.label == "27-Maharashtra"


def test_legacy_and_foreign_codes_are_not_offered_for_new_documents():
    offered = {state.code for state in current_states()}
    assert "25" not in offered
    assert "28" not in offered
    assert "96" not in offered
    assert "99" not in offered
    assert len(offered) == 37
    assert is_known_state_code("25")
    assert not is_known_state_code("00")
