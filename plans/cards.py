"""Plan cards: a few short words (and a QR code of them) that bring a person back to their plan.

No email and no password to remember: the card is printed, kept in a wallet,
and typed or scanned on any device. Only the words' hash is stored, and a
card is reissued (the old one stops) when it is lost.

The words come from the EFF's short word list (xkcdpass ships it), without
the words that could hurt or embarrass on a disabled person's card. Four of
them carry about 41 bits: at the guessing limits of ``CARD_GUESSES`` that is
far beyond anyone's reach, while short enough to read aloud and type.
"""

import math
import re
import secrets
from functools import cache

import segno
from django.utils.crypto import salted_hmac
from xkcdpass import xkcd_password

from cms.guesses import GuessLimit

WORDS_PER_CARD = 4
# Wrong card words, wherever they are typed (the card page, a facilitator
# bringing a plan): a few per device, many per address (a room shares one Wi-Fi).
CARD_GUESSES = GuessLimit(name="plan-card", per_device=8, per_address=200, window_seconds=15 * 60)
# Words on the list that do not belong on someone's plan card.
_LEFT_OUT = """
    acid agony aids alien armed army arson ashen bash bleak blunt botch bully chump coke coma
    crazy crook cult curse dad deaf debt ditch ditzy dowry drank drown dude dumb dwarf ebay evict
    evil fetal filth flirt folic fool frail geek gore grave grief grope harm hate hurt islam kill
    kung mama mardi moan mom moody morse mumbo mute nag nerd pagan panty petri polio prude rabid
    rage rant riot ruin santa scam scary scold scorn sect sham shun slain slob slum sneer snub swear
    taunt theft thigh thong trump viral virus widow wife wimp womb wound wrath wreck xerox yahoo
"""
WORDS_LEFT_OUT = frozenset(_LEFT_OUT.split())


@cache
def card_words() -> tuple[str, ...]:
    """The words a card is made from: short, common, lower case, letters only."""
    wordfile = xkcd_password.locate_wordfile("eff-short")
    words = xkcd_password.generate_wordlist(wordfile=wordfile, min_length=3, max_length=5)
    return tuple(
        sorted(w for w in set(words) if w.isalpha() and w.islower() and w not in WORDS_LEFT_OUT)
    )


def card_bits() -> float:
    """How many bits of chance a card's words carry."""
    return WORDS_PER_CARD * math.log2(len(card_words()))


def card_code_new() -> str:
    """A new card's words, joined by dashes: "otter-maple-river-candle"."""
    words = card_words()
    return "-".join(secrets.choice(words) for _ in range(WORDS_PER_CARD))


def card_code_normalise(typed: str) -> str:
    """The words as typed (any case, spaces, dashes or commas between them), as stored."""
    return "-".join(re.findall(r"[a-z]+", typed.lower()))


def card_code_hash(typed: str) -> str:
    """The hash that is stored and looked up; never the words themselves.

    Keyed with the site's secret key, so a copy of the database alone is no
    help in trying all the cards (four words are few enough to try offline).
    """
    return salted_hmac("plans.card", card_code_normalise(typed), algorithm="sha256").hexdigest()


def card_qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG, black on white with a quiet zone, for printing."""
    return segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
