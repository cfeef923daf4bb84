"""The relationship an action answers, in an area with more relationships than a select can
sensibly offer (core.long_lists): the select is marked for the picker script, which the page
loads, and a value that names none of the area's relationships gets an error beside the field.
The script itself is tested in a real browser (tests/browser/test_long_list_picker.py)."""

import re

from django.urls import reverse

from toolkit.actions.models import Action
from toolkit.areas.models import Role
from toolkit.core.long_lists import PICKER_FROM
from toolkit.register.tests.factories import RelationshipFactory


def url(area):
    return reverse("actions:action-create", kwargs={"area_code": area.gss_code})


def test_a_short_list_is_an_ordinary_select(client, area, people):
    RelationshipFactory.create_batch(3, area=area, with_rows=False)
    client.force_login(people[Role.FACILITATOR_COUNCIL].user)
    page = client.get(url(area)).content.decode()
    assert 'name="relationship"' in page
    assert "data-app-pick-one" not in page and "long-list-picker.mjs" not in page


def test_a_long_list_gets_the_picker_and_still_saves_a_choice(client, area, people):
    relationships = RelationshipFactory.create_batch(PICKER_FROM + 1, area=area, with_rows=False)
    client.force_login(people[Role.FACILITATOR_COUNCIL].user)
    page = client.get(url(area)).content.decode()
    assert 'data-app-pick-one="relationships"' in page
    assert "long-list-picker.mjs" in page
    select = re.search(r'<select name="relationship".*?</select>', page, re.S).group(0)
    assert select.count("<option") == PICKER_FROM + 2, "every relationship and None, for no JS"

    chosen = relationships[-1]
    response = client.post(
        url(area),
        {
            "title": "Joint forum",
            "status": "not_started",
            "progress": "0",
            "relationship": chosen.public_id,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Action.objects.get(title="Joint forum").relationship == chosen


def test_text_that_names_no_relationship_is_an_error_beside_the_field(client, area, people):
    RelationshipFactory.create_batch(PICKER_FROM + 1, area=area, with_rows=False)
    client.force_login(people[Role.FACILITATOR_COUNCIL].user)
    response = client.post(
        url(area), {"title": "Joint forum", "status": "not_started", "relationship": "Youth"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the relationships from the list, or leave the box empty" in page
    assert 'id="id_relationship-error"' in page
    assert not Action.objects.filter(title="Joint forum").exists()
