"""What the site holds about a member: their data download, and what deleting
their account does to each piece of it.

Every app keeps a privacy module, listed in ``settings.MEMBER_DATA_MODULES``
from the lowest app up, that declares:

- ``MEMBER_DATA``: each field holding a member's data (every link to the user
  model, and the snapshots of their name or words kept elsewhere), with what
  deletion does to it and where the download holds it;
- ``member_data_export(*, user, archive)``: its part of the download
  (``member_data_collect`` gathers them all);
- ``member_data_erase(*, user, former_name, former_addresses)``: its part of the
  deletion (the addresses are the member's, lower-cased, as they were), inside
  the deletion's transaction; it returns the files to delete once it commits.

accounts calls these modules by name, so it never imports the apps above it,
and each app keeps the knowledge of its own models. A test walks every model:
a new link to the user, or a new name snapshot, fails it until its app
declares how it is treated.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from pathlib import PurePosixPath
from types import ModuleType
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import PendingMail, User

EXPORT_FORMAT = "webcastory-member-data/2"


class Treatment(StrEnum):
    ERASE = "erase"  # the rows or values go
    ANONYMISE = "anonymise"  # the row stays, without anything naming the member
    KEEP = "keep"  # stays as it is, linked to the anonymised account; `why` says why


@dataclass(frozen=True)
class MemberField:
    """How one field holding a member's data is treated."""

    treatment: Treatment
    why: str
    # Where the download holds it ("comments", or "account.email_addresses"), or
    # why it is not there.
    export: str = ""
    not_exported: str = ""


def member_data_modules() -> list[ModuleType]:
    return [import_module(path) for path in settings.MEMBER_DATA_MODULES]


def member_data_fields() -> dict[str, MemberField]:
    """Every declared field, as "app_label.Model.field"."""
    fields: dict[str, MemberField] = {}
    for module in member_data_modules():
        fields.update(module.MEMBER_DATA)
    return fields


def former_member_label() -> str:
    """What replaces a departed member's name in stored labels (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former member")


# The download ------------------------------------------------------------------------


@dataclass
class Archive:
    """The files a download carries beside its data.json."""

    files: dict[str, str] = field(default_factory=dict)  # name in the zip -> storage name

    def image(self, file: FieldFile | None, *, folder: str, stem: str = "") -> str | None:
        """Add a stored image; returns its name in the zip, for data.json to refer to."""
        if not file or not file.name or not default_storage.exists(file.name):
            return None
        suffix = PurePosixPath(file.name).suffix
        name = f"images/{folder}/{stem or PurePosixPath(file.name).stem}{suffix}"
        self.files[name] = file.name
        return name


def member_data_collect(*, user: User) -> tuple[dict[str, Any], Archive]:
    """Everything the site holds about a member, gathered from every app."""
    archive = Archive()
    data: dict[str, Any] = {"format": EXPORT_FORMAT, "exported_at": timezone.now()}
    for module in member_data_modules():
        data.update(module.member_data_export(user=user, archive=archive))
    return data, archive


def member_data_zip(*, user: User, file: IO[bytes]) -> None:
    """Write the download into `file`: data.json and the member's images."""
    data, archive = member_data_collect(user=user)
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for name, stored in archive.files.items():
            with default_storage.open(stored, "rb") as image:
                bundle.writestr(name, image.read())


# The accounts part ----------------------------------------------------------------------

MEMBER_DATA = {
    "account.EmailAddress.user": MemberField(
        Treatment.ERASE, "Addresses are personal.", export="account.email_addresses"
    ),
    "admin.LogEntry.user": MemberField(
        Treatment.KEEP,
        "A staff member's history of admin changes is the site's audit trail; it shows "
        "the anonymised account.",
        not_exported="The admin log is the site's record, read in the admin by staff.",
    ),
    "admin.LogEntry.object_repr": MemberField(
        Treatment.ANONYMISE, "Admin changes to the member's account keep no copy of the name."
    ),
    "accounts.PendingMail.recipients": MemberField(
        Treatment.ERASE,
        "An account mail still waiting for the mail server goes to an address being erased.",
        not_exported="A copy of a site mail in transit, deleted once sent; it holds a link.",
    ),
}


def member_data_export(*, user: User, archive: Archive) -> dict[str, Any]:
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "headline": user.headline,
            "company": user.company,
            "bio": user.bio,
            "website": user.website,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "avatar": archive.image(user.avatar, folder="avatar", stem="avatar"),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        }
    }


def _files(*fields: FieldFile) -> list[str]:
    return [f.name for f in fields if f and f.name]


def member_data_erase(
    *, user: User, former_name: str, former_addresses: frozenset[str]
) -> list[str]:
    """The account itself: email, name, profile, avatar and password go; the row
    stays so that what the member published keeps an author, a former member."""
    files = _files(user.avatar, user.avatar_thumbnail)
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    PendingMail.objects.filter(
        pk__in=[
            mail.pk
            for mail in PendingMail.objects.only("recipients")
            if addresses & {r.lower() for r in mail.recipients}
        ]
    ).delete()
    EmailAddress.objects.filter(user=user).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=former_member_label())
    user.email = f"former-{uuid.uuid4().hex}@deleted.invalid"
    user.full_name = ""
    user.headline = ""
    user.company = ""
    user.bio = ""
    user.website = ""
    user.avatar = ""
    user.avatar_thumbnail = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    # A new (unusable) password also ends every other session of the member,
    # since Django checks the session's password hash on each request.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return files


def files_delete_on_commit(names: Iterable[str]) -> None:
    """Delete stored files once the transaction commits (a rollback keeps them)."""
    names = [n for n in names if n]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])
