"""The shared StreamBlock: every block is ready for editors."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from wagtail.blocks import StructBlockValidationError

from cms.blocks import BaseStreamBlock, LinkCardBlock, validate_site_link

STREAM = BaseStreamBlock()


@pytest.mark.parametrize("name", list(STREAM.child_blocks))
def test_every_block_has_a_template_icon_and_description(name):
    block = STREAM.child_blocks[name]
    assert block.meta.template, f"{name} has no template"
    get_template(block.meta.template)
    assert block.meta.icon not in {None, "", "placeholder"}, f"{name} has no icon"
    assert block.meta.description, f"{name} has no description"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in STREAM.child_blocks if n != "image"])
def test_every_block_renders_its_preview_value(name):
    block = STREAM.child_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()


@pytest.mark.django_db
def test_image_block_preview_is_empty_until_the_library_has_an_image():
    assert STREAM.child_blocks["image"].get_preview_value() is None


def test_a_link_card_must_lead_somewhere():
    with pytest.raises(StructBlockValidationError):
        LinkCardBlock().clean({"title": "Nowhere", "description": "x", "page": None, "address": ""})


@pytest.mark.parametrize("value", ["/live/", "https://example.org/a"])
def test_site_links_accept_paths_and_full_addresses(value):
    validate_site_link(value)


@pytest.mark.parametrize("value", ["//evil.example/", "javascript:alert(1)", "live"])
def test_site_links_refuse_protocol_relative_script_and_bare_words(value):
    with pytest.raises(ValidationError):
        validate_site_link(value)


def test_rich_text_leaves_out_italics():
    features = STREAM.child_blocks["paragraph"].features
    assert "italic" not in features
    assert "bold" in features
