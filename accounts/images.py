"""Safe handling of uploaded images (avatars, topic covers, sponsor logos).

An upload is judged by its content, never by its name: Pillow must recognise
it as JPEG, PNG or WebP, within the byte and pixel limits, before anything is
decoded. Accepted images are re-encoded (which drops EXIF and every other
metadata) under a name the server chooses.
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
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            _(
                "This image has too many pixels (%(pixels)s million). "
                "The limit is %(limit)s million."
            ),
            code="too_many_pixels",
            params={
                "pixels": round(width * height / 1_000_000, 1),
                "limit": settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000,
            },
        )


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
    """Decode a validated upload and return clean WebP copies with no metadata.

    The thumbnail is cropped to a square (avatars, covers), or with ``crop=False``
    fitted whole within the square, its aspect ratio kept (logos, whose text
    must stay readable).
    """
    image_validate(upload)
    upload.seek(0)
    with Image.open(upload) as source:
        source.load()
        image = ImageOps.exif_transpose(source)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    box = (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
    if crop:
        thumbnail = ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    else:
        thumbnail = thumbnail_fitted(image, box)
    return CleanImage(image=_encode(image), thumbnail=_encode(thumbnail))
