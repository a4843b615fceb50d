"""Uploaded images: validation and fixed-width renditions, made once when an image changes.

A model keeps the renditions of an image field in a JSON field next to it; templates read
them through `Picture` and never touch the original or Pillow on a request.
"""

import io
import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = (
    ("webp", "WEBP", {"quality": 80, "method": 4}),
    ("jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}),
)


def validate_image_file(file):
    """Reject uploads that are not images Pillow can decode, or that are too large."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="image_too_large",
            params={"size": round(size / 1_048_576, 1), "limit": settings.IMAGE_MAX_UPLOAD_BYTES // 1_048_576},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The image is too large: %(width)s × %(height)s pixels (at most %(limit)s megapixels)."),
                    code="image_too_many_pixels",
                    params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Upload a valid image (JPEG, PNG or WebP). The file is not an image or is damaged."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)


def make_renditions(field_file, widths=None):
    """Write WebP and JPEG copies of `field_file` at each width; return their description."""
    widths = sorted(widths or settings.IMAGE_RENDITION_WIDTHS)
    storage = field_file.storage
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            original = ImageOps.exif_transpose(original)
            original.load()
    finally:
        field_file.close()
    src_width, src_height = original.size
    usable = [w for w in widths if w < src_width] + [min(src_width, widths[-1])]
    stem = posixpath.splitext(posixpath.basename(field_file.name))[0][:40]
    folder = f"renditions/{uuid.uuid4().hex[:12]}"
    items = []
    for width in sorted(set(usable)):
        height = max(1, round(src_height * width / src_width))
        resized = original.resize((width, height), Image.Resampling.LANCZOS)
        item = {"width": width, "height": height}
        for key, pil_format, options in FORMATS:
            image = resized
            if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
                image = background
            elif image.mode not in ("RGB", "RGBA", "L"):
                image = image.convert("RGBA")
            buffer = io.BytesIO()
            image.save(buffer, pil_format, **options)
            name = storage.save(f"{folder}/{stem}-{width}.{key}", ContentFile(buffer.getvalue()))
            item[key] = name
        items.append(item)
    return {"source": field_file.name, "width": src_width, "height": src_height, "items": items}


def delete_renditions(storage, renditions):
    for item in (renditions or {}).get("items", []):
        for key, _format, _options in FORMATS:
            if item.get(key):
                storage.delete(item[key])


def sync_renditions(instance, image_field, renditions_field):
    """Regenerate renditions when the image changed since they were made; call before save."""
    field_file = getattr(instance, image_field)
    if field_file and not field_file._committed:
        # Store the upload now (as FileField.pre_save would) so renditions know its final name.
        field_file.save(field_file.name, field_file.file, save=False)
    current = getattr(instance, renditions_field) or {}
    source = field_file.name if field_file else ""
    if current.get("source", "") == source:
        return False
    if current:
        delete_renditions(field_file.storage, current)
    setattr(instance, renditions_field, make_renditions(field_file) if source else {})
    return True


class Picture:
    """What a template needs to draw a responsive image from stored renditions."""

    def __init__(self, renditions, storage=None):
        from django.core.files.storage import default_storage

        self.renditions = renditions or {}
        self.storage = storage or default_storage
        self.items = self.renditions.get("items", [])

    def __bool__(self):
        return bool(self.items)

    def _srcset(self, key):
        return ", ".join(f"{self.storage.url(item[key])} {item['width']}w" for item in self.items)

    @property
    def srcset_webp(self):
        return self._srcset("webp")

    @property
    def srcset_jpeg(self):
        return self._srcset("jpeg")

    def _fallback(self):
        # The middle rendition is a good default for browsers without srcset.
        return self.items[len(self.items) // 2] if self.items else {}

    @property
    def src(self):
        item = self._fallback()
        return self.storage.url(item["jpeg"]) if item else ""

    @property
    def largest_url(self):
        return self.storage.url(self.items[-1]["jpeg"]) if self.items else ""

    @property
    def width(self):
        return self._fallback().get("width")

    @property
    def height(self):
        return self._fallback().get("height")
