"""One builder for RelationshipData, whatever the source."""

import datetime

from toolkit.register.services import QualityAnswer, relationship_data_build


def test_plain_fields_are_read_by_name_and_empty_ones_take_their_defaults():
    data = relationship_data_build(
        {
            "title": "Compact board",
            "started_on": datetime.date(2021, 4, 1),
            "status": "",
            "structures": ("compact",),
            "colour": "ignored",
        },
        parties=[],
        main_type="shaping",
        types=["delivering", "shaping"],
        qualities={"trust": QualityAnswer(True, "They meet")},
    )
    assert (data.title, data.started_on, data.status) == (
        "Compact board",
        datetime.date(2021, 4, 1),
        "active",
    )
    assert data.structures == ["compact"]
    assert data.types == ["shaping", "delivering"]
    assert data.reference == "" and data.notes == ""
    assert data.qualities == {"trust": QualityAnswer(True, "They meet")}
