"""Demo synonyms, loaded with the knowledge-base demo content; running twice changes nothing."""

from __future__ import annotations

DEMO_SYNONYMS = [
    "社工 = 社会工作者 = 医务社工",
    "义工 = 志愿者",
    "医保 = 医疗保险",
    "陪诊 = 陪同就诊",
    "心理疏导 = 心理支持 = 情绪疏导",
]


def load_synonyms() -> None:
    from kb.models import SynonymGroup

    for terms in DEMO_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)
