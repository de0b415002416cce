"""Image files made on the fly for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_upload(
    fmt: str = "JPEG", size=(600, 400), name: str | None = None, exif: bool = False
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        data[0x8298] = "Copyright Someone"  # Copyright
        kwargs["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    return SimpleUploadedFile(
        name or f"picture.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def bomb_upload() -> SimpleUploadedFile:
    """A tiny PNG that claims 20,000 x 20,000 pixels (400 megapixels)."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def truncated_upload(fmt: str = "PNG") -> SimpleUploadedFile:
    """A real image cut short: its header is sound, its pixel data ends early."""
    # Noise keeps the compressed data long enough that the cut falls inside it.
    buffer = io.BytesIO()
    Image.effect_noise((640, 480), 80).convert("RGB").save(buffer, format=fmt)
    whole = buffer.getvalue()
    extension = {"JPEG": "jpg", "PNG": "png"}[fmt]
    return SimpleUploadedFile(
        f"cut.{extension}", whole[: len(whole) // 2], content_type=f"image/{extension}"
    )
