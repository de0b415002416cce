"""Cache versions: the one contract every cached page and fragment follows.

    A cached fragment's key names the versions of the rows it shows, and the
    write that changes those rows moves their versions, whoever makes it.

A version is a name ("topic:12", "topic:12:comments", "channel:3",
"member:5", "lists") whose current token lives in the shared cache. Reading
pages ask for tokens with `read()` and put them in their cache keys; writes
never touch the cache themselves. Instead each app declares, once, which
versions a change to one of its models moves (`watch()` in the app's
`versions.py`), and the model layer moves them whoever writes: a service, the
Django admin, the shell, a management command or the background worker.
`save()`, `delete()`, many-to-many changes, and `update()`, `bulk_create()` and
`bulk_update()` on a watched model's manager (a `VersionedQuerySet`) all go
through here. A save that names its `update_fields` moves nothing unless one of
them is shown (a log-in, which saves `last_login`, retires nothing).

When versions move:
- in a request, at its end, in one round trip (every transaction of the
  request has committed by then); from the write on, the request itself reads
  under private tokens, so it never stores old rows under a token others read;
- elsewhere (shell, commands, the worker), at once and again after the
  transaction commits: a page rendered in between may have read the old rows.

Pages cached whole for visitors record the versions they read
(`reads_recorded()`) and are served again only while those tokens hold.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from secrets import token_hex

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete

LISTS = "lists"  # lists of public topics: home, channels, search, feeds, connected subjects
CHANNELS = "channels"  # the set of active channels (the menu on every page)
_PREFIX = "v:"

# Per request: tokens read so far (None outside requests) and versions to move at the end.
_tokens: ContextVar[dict[str, str] | None] = ContextVar("webcastory_version_tokens", default=None)
_moves: ContextVar[set[str] | None] = ContextVar("webcastory_version_moves", default=None)


def topic(pk: int) -> str:
    """The topic's row and the people on it (proposers, participants)."""
    return f"topic:{pk}"


def topic_comments(pk: int) -> str:
    return f"topic:{pk}:comments"


def topic_activity(pk: int) -> str:
    """What members do on a topic besides commenting: opinions, sponsors, answers."""
    return f"topic:{pk}:activity"


def channel(pk: int) -> str:
    return f"channel:{pk}"


def member(pk: int) -> str:
    """A member's public display data: name, headline, avatar, public profile."""
    return f"member:{pk}"


def read(*names: str) -> dict[str, str]:
    """The current tokens of these versions: one round trip for those not read yet in
    this request. A version never set gets a token now."""
    known = _tokens.get()
    if known is None:
        known = {}
    wanted = [name for name in names if name not in known]
    if wanted:
        found = cache.get_many([_PREFIX + name for name in wanted])
        for name in wanted:
            token = found.get(_PREFIX + name)
            if token is None:
                token = token_hex(8)
                if not cache.add(_PREFIX + name, token, timeout=None):
                    token = cache.get(_PREFIX + name, token)
            known[name] = token
    return {name: known[name] for name in names}


def token(name: str) -> str:
    return read(name)[name]


# Versions this process could not move while the cache was unreachable: moved as soon
# as it answers again, or entries made under the tokens from before would come back.
_unmoved: set[str] = set()
_unmoved_lock = threading.Lock()


def _store_new_tokens(names: Iterable[str]) -> None:
    with _unmoved_lock:
        names = set(names) | _unmoved
        _unmoved.clear()
    if not names:
        return
    failed = cache.set_many({_PREFIX + name: token_hex(8) for name in names}, timeout=None)
    if failed:
        with _unmoved_lock:
            _unmoved.update(key.removeprefix(_PREFIX) for key in failed)


def catch_up() -> None:
    """Move the versions an outage kept from moving, once the cache answers again."""
    if _unmoved and getattr(cache, "available", True):
        _store_new_tokens(())


def move(*names: str) -> None:
    """Retire every entry made under these versions (see the module's docstring)."""
    if not names:
        return
    moves = _moves.get()
    if moves is not None:
        moves.update(names)
        tokens = _tokens.get()
        for name in names:
            tokens[name] = "w" + token_hex(8)
        return
    _store_new_tokens(names)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _store_new_tokens(names), robust=True)


class RequestVersions:
    """Middleware: tokens are read once per request, and the versions its writes moved
    move in one round trip when its response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        catch_up()
        moves: set[str] = set()
        tokens_token = _tokens.set({})
        moves_token = _moves.set(moves)
        try:
            return self.get_response(request)
        finally:
            _moves.reset(moves_token)
            _tokens.reset(tokens_token)
            if moves:
                _store_new_tokens(moves)


class reads_recorded:
    """Collect the versions read inside the block: `with reads_recorded() as seen:`."""

    def __enter__(self) -> dict[str, str]:
        self._outer = _tokens.get()
        self.seen: dict[str, str] = dict(self._outer or {})
        self._token = _tokens.set(self.seen)
        return self.seen

    def __exit__(self, *exc) -> None:
        _tokens.reset(self._token)
        if self._outer is not None:
            self._outer.update(self.seen)


# Who moves what ----------------------------------------------------------------------

Moves = Callable[[models.Model], Iterable[str]]


class _Watch:
    def __init__(self, moves: Moves, shown: frozenset[str] | None, needs: tuple[str, ...]):
        self.moves, self.shown, self.needs = moves, shown, needs

    def concerns(self, fields: Iterable[str] | None) -> bool:
        """Whether a write of these fields (None: any) changes what is shown."""
        return fields is None or self.shown is None or bool(self.shown & set(fields))


_watches: dict[type[models.Model], list[_Watch]] = defaultdict(list)


def watch(
    model: type[models.Model],
    moves: Moves,
    *,
    shown: Iterable[str] | None = None,
    needs: Iterable[str] = (),
    m2m: Iterable[str] = (),
) -> None:
    """Declare that a write to `model` moves `moves(instance)`.

    `shown`: the fields pages show (None: all); a write naming only others moves
    nothing. `needs`: the fields `moves` reads, loaded for `update()`.
    `m2m`: many-to-many fields whose changes move the instance's versions too.
    The model's default manager must be built on `VersionedQuerySet`.
    """
    shown_fields = None if shown is None else frozenset(_attnames(model, shown))
    entry = _Watch(moves, shown_fields, tuple(needs) or ("pk",))
    _watches[model].append(entry)
    post_save.connect(_on_save, sender=model, dispatch_uid=f"versions-save-{model._meta.label}")
    pre_delete.connect(
        _on_delete, sender=model, dispatch_uid=f"versions-delete-{model._meta.label}"
    )
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            _m2m_handler(model, entry),
            sender=through,
            weak=False,
            dispatch_uid=f"versions-m2m-{model._meta.label}-{name}-{len(_watches[model])}",
        )


def watched_models() -> set[type[models.Model]]:
    return set(_watches)


def _attnames(model, names: Iterable[str]) -> set[str]:
    """Field names and their column attributes (`author` and `author_id`)."""
    found = set()
    for name in names:
        field = model._meta.get_field(name)
        found |= {field.name, getattr(field, "attname", field.name)}
    return found


def moves_for(instance: models.Model, fields: Iterable[str] | None = None) -> set[str]:
    names: set[str] = set()
    for entry in _watches.get(type(instance), ()):
        if entry.concerns(fields):
            names.update(entry.moves(instance))
    return names


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    move(*moves_for(instance, update_fields))


def _on_delete(sender, instance, **kwargs) -> None:
    # Before the delete: what the row appears in is still linked to it.
    move(*moves_for(instance))


def _m2m_handler(model, entry: _Watch):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        if not reverse:
            move(*entry.moves(instance))
            return
        # The change was made from the other side (member.topics.add(...)): pk_set names
        # the watched rows, or (a clear) every row linked to the instance.
        ids = pk_set
        if ids is None:
            field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
            related = getattr(instance, field.remote_field.get_accessor_name())
            ids = set(related.values_list("pk", flat=True))
        for row in model._default_manager.filter(pk__in=ids).only(*entry.needs):
            move(*entry.moves(row))

    return handler


class VersionedQuerySet(models.QuerySet):
    """Bulk writes on a watched model move the versions of the rows they change."""

    def _moves_of_matching_rows(self, fields: Iterable[str] | None) -> set[str]:
        entries = [e for e in _watches.get(self.model, ()) if e.concerns(fields)]
        if not entries:
            return set()
        needs = {name for entry in entries for name in entry.needs}
        names: set[str] = set()
        for row in self.only(*needs):
            for entry in entries:
                names.update(entry.moves(row))
        return names

    def update(self, **kwargs):
        names = self._moves_of_matching_rows(kwargs)
        count = super().update(**kwargs)
        move(*names)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        move(*{name for obj in created for name in moves_for(obj)})
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        move(*{name for obj in objs for name in moves_for(obj, fields)})
        return count
