"""Whatever is typed into the party master, the stored GST identity is consistent: a registered
treatment has a valid GSTIN whose state is the billing state, others have none; anything else is
refused naming a field."""

from hypothesis import given
from hypothesis import strategies as st

from bahi.core.errors import InvalidInput
from bahi.gst.validators import gstin_check_char, is_valid_gstin
from bahi.ledger.models import REGISTERED_TREATMENTS, GstTreatment
from bahi.ledger.parties import checked_party_fields
from bahi.ledger.types import PartyDetails

STATES = ["27", "29", "04", "96", "28", "00", ""]


@st.composite
def gstins(draw: st.DrawFn) -> str:
    state = draw(st.sampled_from(["27", "29", "04", "99"]))
    body = f"{state}AAFCC9980M1Z"
    valid = body + gstin_check_char(body)
    return draw(st.sampled_from([valid, valid.lower(), body + "0", "", "NOT-A-GSTIN"]))


def _outcome(details: PartyDetails) -> tuple[dict | None, str | None]:
    try:
        return checked_party_fields(details), None
    except InvalidInput as error:
        return None, error.details["field"]


@given(
    treatment=st.sampled_from([None, *GstTreatment.values, "exempt"]),
    gstin=gstins(),
    state_code=st.sampled_from(STATES),
)
def test_stored_gst_identity_is_consistent_or_refused(treatment, gstin, state_code):
    details = PartyDetails(name="P", gst_treatment=treatment, gstin=gstin, state_code=state_code)
    fields, refused_field = _outcome(details)
    if fields is None:
        assert refused_field in {"gst_treatment", "gstin", "state_code"}
        return
    if fields["gst_treatment"] in REGISTERED_TREATMENTS:
        assert is_valid_gstin(fields["gstin"])
        assert fields["state_code"] == fields["gstin"][:2]
    else:
        assert fields["gstin"] == ""
        assert (fields["state_code"] == "96") == (fields["gst_treatment"] == "overseas")
