import pytest
from django.core.exceptions import ValidationError

from episodes.timecodes import timecode_format, timecode_parse
from episodes.transcripts import Cue, transcript_parse
from tests.episodes.conftest import VTT


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1:02:03", 3723), ("02:03", 123), ("2:03", 123), ("45", 45), (" 0:00:00 ", 0)],
)
def test_timecode_parse_accepts_hours_minutes_seconds(text, seconds):
    assert timecode_parse(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "1:75", "-5", "1:02:60", "101:00:00"])
def test_timecode_parse_refuses_what_is_not_a_time(text):
    with pytest.raises(ValidationError):
        timecode_parse(text)


def test_timecode_format_shows_hours_only_when_needed():
    assert [timecode_format(s) for s in (0, 65, 3723)] == ["0:00", "1:05", "1:02:03"]


def test_transcript_parse_reads_cues_in_milliseconds_without_tags():
    assert transcript_parse(VTT) == [
        Cue(1000, 4000, "Welcome to the show about grid storage."),
        Cue(65500, 69000, "Batteries are the BACKBONE of the grid."),
        Cue(120000, 123000, "Thank you for watching."),
    ]


def test_transcript_parse_without_header_says_it_is_not_webvtt():
    with pytest.raises(ValidationError) as error:
        transcript_parse("00:00:01.000 --> 00:00:02.000\nHello\n")
    assert error.value.messages == [
        "This is not a WebVTT file: it must start with a line that says WEBVTT."
    ]


def test_transcript_parse_names_the_line_of_a_malformed_cue():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:xx --> 00:00:03.000\nBad\n"
    with pytest.raises(ValidationError) as error:
        transcript_parse(text)
    assert error.value.messages == [
        "The transcript has a malformed cue at line 6 (“00:00:xx --> 00:00:03.000”): "
        "a cue starts with a line such as 00:01:02.000 --> 00:01:05.000."
    ]


def test_transcript_parse_refuses_a_file_without_cues():
    with pytest.raises(ValidationError) as error:
        transcript_parse("WEBVTT\n\nNOTE nothing here\n")
    assert error.value.messages == ["The transcript holds no cue with text."]
