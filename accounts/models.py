import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from core.versions import VersionedQuerySet


def avatar_path(instance: "User", filename: str) -> str:
    # The file name is already a random hex name chosen by core.images.
    return f"avatars/{filename}"


AVATAR_HUES = 8  # .avatar-hue-0 to .avatar-hue-7 in static/css/site.css


class UserManager(BaseUserManager.from_queryset(VersionedQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A member. The email address is the login; there is no username."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, validators=[validate_single_line])
    headline = models.CharField(
        _("headline"), max_length=150, blank=True, help_text=_("Your job title or role.")
    )
    company = models.CharField(_("company"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    website = models.URLField(_("website"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    avatar_thumbnail = models.ImageField(upload_to=avatar_path, blank=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = UserManager()

    # What pages show of a member: a save naming only other fields (a log-in saves
    # last_login) retires no cached page (core/versions.py).
    DISPLAY_FIELDS = (
        "full_name", "headline", "company", "bio", "website", "avatar",
        "avatar_thumbnail", "public_id", "is_active", "deleted_at", "email",
    )  # fmt: skip

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile_detail", kwargs={"public_id": self.public_id})

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def is_former_member(self) -> bool:
        return self.deleted_at is not None

    @property
    def display_name(self) -> str:
        if self.is_former_member:
            return str(_("Former member"))
        return self.full_name or self.email.split("@")[0]

    @property
    def initials(self) -> str:
        """Up to two letters for the avatar drawn when there is no picture."""
        if self.is_former_member:
            return "?"
        words = [word for word in self.display_name.replace(".", " ").split() if word]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def avatar_hue(self) -> int:
        """Which of the AVATAR_HUES colours the member's initials are drawn in: the same
        for a member on every page."""
        return (self.pk or 0) % AVATAR_HUES

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class PendingMail(models.Model):
    """An account mail (confirmation, password reset, new address) kept for the mail
    worker: the mail server did not take it, or the cache that rate-limits it was
    down (accounts/mail.py).

    It holds a link that logs in or confirms, so it is deleted once sent, and
    its text is erased if it is given up on.
    """

    RETRIES = 6  # the worker's tries, 1, 2, 4, 8, 16 and 32 minutes apart: 63 minutes

    recipients = models.JSONField(_("recipients"))
    from_email = models.CharField(_("from"), max_length=320)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set by the worker sending it; a worker whose claim was taken over leaves it alone.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    next_try_at = models.DateTimeField(_("next try"), db_index=True, null=True)
    given_up = models.BooleanField(_("given up"), default=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("account mail waiting to be sent")
        verbose_name_plural = _("account mails waiting to be sent")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.subject
