"""Unit quantity codes (UQC) GST returns and e-invoices accept, with their names.

The list GSTN publishes for GSTR-1's HSN summary, as reproduced by several public GST tools
(not checked here against the portal's current master: UNVERIFIED). Services report "NA"
(india-tax reference 5.4)."""

UQC = {
    "BAG": "Bags",
    "BAL": "Bale",
    "BDL": "Bundles",
    "BKL": "Buckles",
    "BOU": "Billions of units",
    "BOX": "Box",
    "BTL": "Bottles",
    "BUN": "Bunches",
    "CAN": "Cans",
    "CBM": "Cubic metres",
    "CCM": "Cubic centimetres",
    "CMS": "Centimetres",
    "CTN": "Cartons",
    "DOZ": "Dozens",
    "DRM": "Drums",
    "GGR": "Great gross",
    "GMS": "Grams",
    "GRS": "Gross",
    "GYD": "Gross yards",
    "KGS": "Kilograms",
    "KLR": "Kilolitres",
    "KME": "Kilometres",
    "MLT": "Millilitres",
    "MTR": "Metres",
    "NOS": "Numbers",
    "PAC": "Packs",
    "PCS": "Pieces",
    "PRS": "Pairs",
    "QTL": "Quintals",
    "ROL": "Rolls",
    "SET": "Sets",
    "SQF": "Square feet",
    "SQM": "Square metres",
    "SQY": "Square yards",
    "TBS": "Tablets",
    "TGM": "Ten gross",
    "THD": "Thousands",
    "TON": "Tonnes",
    "TUB": "Tubes",
    "UGS": "US gallons",
    "UNT": "Units",
    "YDS": "Yards",
    "OTH": "Others",
}
SERVICE_UQC = "NA"
DEFAULT_GOODS_UQC = "NOS"


def unit_error(unit: str, *, is_service: bool) -> str | None:
    """Why `unit` is not a UQC for goods (or services, which may also use NA), or None."""
    if unit in UQC or (is_service and unit == SERVICE_UQC):
        return None
    allowed = (
        "NA or one of the GST UQCs" if is_service else "one of the GST UQCs (NA is for services)"
    )
    return f"unit {unit!r} is not {allowed}, e.g. NOS, KGS, BOX"
