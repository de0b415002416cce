"""Safe handling of uploaded images (avatars, topic covers, sponsor logos).

An upload is judged by its content, never by its name: Pillow must recognise
it as JPEG, PNG or WebP, within the byte and pixel limits, before anything is
decoded. The pixel limits bound the memory one decoding can take: PNG and WebP
are decoded whole (at most IMAGE_UPLOAD_MAX_PIXELS, 64 MB at 16 million RGBA
pixels, plus the smaller copy kept); a JPEG is decoded at a reduced scale
(Pillow's draft mode) no larger than twice the kept size on each side, so a
camera photo of up to IMAGE_UPLOAD_MAX_PIXELS_JPEG takes less. A file that cannot be decoded to its
end (truncated, corrupt) is refused before anything is stored. Accepted images
are re-encoded (which drops EXIF and every other metadata) under a name the
server chooses.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = 256
MAX_EDGE = 2400


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image and its thumbnail, ready to store."""

    image: ContentFile
    thumbnail: ContentFile


def image_validate(upload) -> None:
    """Raise ValidationError unless ``upload`` is an acceptable image."""
    _decode_checked(upload)


def _decode_checked(upload) -> Image.Image:
    """Check the file's size, kind and pixel count from its header, then decode it at
    no more than the size we keep; ValidationError for anything we do not accept."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("This image is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels to be processed safely."), code="too_many_pixels"
        ) from error
    except Exception as error:  # Pillow raises many types for broken input.
        raise ValidationError(
            _("This file is not an image we accept. Upload a JPEG, PNG or WebP picture."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("This file is not an image we accept. Upload a JPEG, PNG or WebP picture."),
            code="format",
        )
    max_pixels = (
        settings.IMAGE_UPLOAD_MAX_PIXELS_JPEG
        if image_format == "JPEG"
        else settings.IMAGE_UPLOAD_MAX_PIXELS
    )
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "This image has too many pixels (%(pixels)s million). "
                "The limit is %(limit)s million."
            ),
            code="too_many_pixels",
            params={
                "pixels": round(width * height / 1_000_000, 1),
                "limit": max_pixels // 1_000_000,
            },
        )
    try:
        return _decode(upload)
    except Exception as error:  # a truncated or corrupt file fails only once decoded
        raise ValidationError(
            _(
                "This image is damaged or incomplete and cannot be read. "
                "Save it again or export it from another program, then upload it again."
            ),
            code="damaged",
        ) from error
    finally:
        upload.seek(0)


def _decode(upload) -> Image.Image:
    """Decode a file that passed the header checks, shrunk to fit MAX_EDGE.

    A JPEG is asked for the smallest draft scale (1/2, 1/4 or 1/8) that still
    covers the kept size, so a large photo is never decoded whole; a PNG or
    WebP is decoded once, then resized.
    """
    upload.seek(0)
    image = Image.open(upload)
    width, height = image.size
    scale = min(MAX_EDGE / width, MAX_EDGE / height, 1.0)
    kept = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.format == "JPEG":
        image.draft(None, kept)
    image.load()
    if image.size != kept:
        image = image.resize(kept, Image.Resampling.LANCZOS)
    ImageOps.exif_transpose(image, in_place=True)
    return image


def _encode(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=85, method=4)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def thumbnail_fitted(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """The whole image scaled down to fit within ``box``, its aspect ratio kept."""
    thumbnail = image.copy()
    thumbnail.thumbnail(box, Image.Resampling.LANCZOS)
    return thumbnail


def image_reencode(upload, *, crop: bool = True) -> CleanImage:
    """Check and decode an upload once; return clean WebP copies with no metadata.

    The thumbnail is cropped to a square (avatars, covers), or with ``crop=False``
    fitted whole within the square, its aspect ratio kept (logos, whose text
    must stay readable).
    """
    image = _decode_checked(upload)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    box = (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
    if crop:
        thumbnail = ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    else:
        thumbnail = thumbnail_fitted(image, box)
    return CleanImage(image=_encode(image), thumbnail=_encode(thumbnail))
