"""How a variant (``extends:``) and rules files (``include:``) combine.

The rule, the same everywhere: mappings merge key by key (the later file
wins for a key both give); lists whose items all carry an ``id`` merge by id
(an item with a known id is merged key by key, a new id is appended); any
other list or value is replaced whole. After merging, a variant's
``remove: {units: [id, ...], options: [...]}`` drops items by id.
"""

from __future__ import annotations

from typing import Any, Callable

from engine.errors import did_you_mean
from engine.scenario.check import Checker
from engine.scenario.spec import REMOVABLE
from engine.scenario.yamlsafe import MDict, MList


def _is_id_list(v: Any) -> bool:
    return isinstance(v, MList) and all(isinstance(x, MDict) and isinstance(x.get("id"), str) for x in v)


#: Called with (position of the repeated item, its id, position of the first) for an id given twice.
OnDuplicate = Callable[[Any, str, Any], None]


def merge(base: Any, over: Any, on_dup: OnDuplicate | None = None) -> Any:
    """``over`` laid on ``base`` by the rule above; neither input is changed.

    An id given twice in one list of ``over`` would silently merge into one item
    (the later wins), so it is reported through ``on_dup`` instead.
    """
    if isinstance(base, MDict) and isinstance(over, MDict):
        out = MDict(over.pos)
        for k in base:
            out[k], out.key_pos[k], out.val_pos[k] = base[k], base.key_pos[k], base.val_pos[k]
        for k in over:
            out[k] = merge(base[k], over[k], on_dup) if k in base else over[k]
            out.key_pos[k], out.val_pos[k] = over.key_pos[k], over.val_pos[k]
        return out
    if _is_id_list(base) and _is_id_list(over) and len(over):
        out_l = MList(over.pos)
        index = {x["id"]: i for i, x in enumerate(base)}
        items, poss = list(base), list(base.item_pos)
        own: dict[str, Any] = {}
        for x, p in zip(over, over.item_pos):
            if x["id"] in own:
                if on_dup is not None:
                    on_dup(p, x["id"], own[x["id"]])
                continue
            own[x["id"]] = p
            i = index.get(x["id"])
            if i is None:
                index[x["id"]] = len(items)
                items.append(x)
                poss.append(p)
            else:
                items[i] = merge(items[i], x, on_dup)
                poss[i] = p
        out_l.extend(items)
        out_l.item_pos.extend(poss)
        return out_l
    return over


def _entry_id(x: Any) -> str | None:
    if not isinstance(x, MDict):
        return None
    if isinstance(x.get("id"), str):
        return x["id"]
    for k in ("withdraw",):
        if isinstance(x.get(k), str):
            return x[k]
    r = x.get("reinforce")
    return r.get("id") if isinstance(r, MDict) else None


def apply_remove(doc: MDict, remove: Any, ck: Checker) -> None:
    """Drop the ids a variant's ``remove:`` lists; unknown ids are reported with suggestions."""
    if not isinstance(remove, MDict):
        return
    for section, ids in remove.items():
        if not isinstance(ids, MList) or section not in REMOVABLE:
            continue  # shape errors and unknown sections are reported by the scenario check (removing nothing)
        lists: list[MList] = []
        target = doc.get(section)
        if section == "options" and isinstance(target, MDict):
            lists = [v for v in target.values() if isinstance(v, MList)]
        elif isinstance(target, MList):
            lists = [target]
        known = [i for lst in lists for x in lst if (i := _entry_id(x)) is not None]
        for j, rid in enumerate(ids):
            if not isinstance(rid, str):
                continue
            if rid not in known:
                ck.err(ids.where(j), f"remove.{section}[{j}]",
                       f"{rid!r} is not in the base scenario's {section}{did_you_mean(rid, known)}")
                continue
            for lst in lists:
                keep = [(x, p) for x, p in zip(lst, lst.item_pos) if _entry_id(x) != rid]
                lst[:] = [x for x, _ in keep]
                lst.item_pos[:] = [p for _, p in keep]
