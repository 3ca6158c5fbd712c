"""Label sets, spelled exactly as in the SemEval data: never retype these strings elsewhere.

* 23 persuasion techniques of SemEval-2023 Task 3 (subtask 3), in 6 categories, with a
  one-line definition each for the reader;
* mappings from the 14 SemEval-2020 Task 11 labels and the 18 NLP4IF-2019 labels;
* 14 media frames (subtask 2), 3 genres (subtask 1) and the event-count types.
"""

from __future__ import annotations

__all__ = [
    "CATEGORIES",
    "COUNT_TYPES",
    "DEFINITIONS",
    "FINE_ROLES",
    "FRAMES",
    "GENRES",
    "MAIN_OF_FINE",
    "MAIN_ROLES",
    "NLP4IF2019_TO_2023",
    "ROLE_TAXONOMY",
    "SEMEVAL2020_TO_2023",
    "TECHNIQUES",
    "category_of",
]

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Attack on reputation": (
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    ),
    "Justification": (
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    ),
    "Simplification": (
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    ),
    "Distraction": ("Straw_Man", "Red_Herring", "Whataboutism"),
    "Call": ("Slogans", "Conversation_Killer", "Appeal_to_Time"),
    "Manipulative wording": (
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    ),
}

TECHNIQUES: tuple[str, ...] = tuple(t for group in CATEGORIES.values() for t in group)

DEFINITIONS: dict[str, str] = {
    "Name_Calling-Labeling": "Labels the target with words the audience fears, hates or admires.",
    "Guilt_by_Association": "Attacks the target by linking it to a group or idea seen negatively.",
    "Doubt": "Questions the credibility of someone or something.",
    "Appeal_to_Hypocrisy": "Attacks the target for hypocrisy or inconsistency (tu quoque).",
    "Questioning_the_Reputation": "Attacks the target's character or moral standing.",
    "Flag_Waving": "Justifies an idea by appeal to group pride or patriotism.",
    "Appeal_to_Authority": "Treats a claim as true because an authority or expert said it.",
    "Appeal_to_Popularity": "Treats a claim as true because 'everybody' agrees (bandwagon).",
    "Appeal_to_Values": "Links an idea to values the audience holds dear.",
    "Appeal_to_Fear-Prejudice": "Promotes or rejects an idea by raising fear or prejudice.",
    "Causal_Oversimplification": "Assumes a single cause for an issue with many causes.",
    "False_Dilemma-No_Choice": "Presents two options as the only ones (black-and-white).",
    "Consequential_Oversimplification": "Claims one step inevitably leads to extreme outcomes.",
    "Straw_Man": "Refutes a distorted version of the opponent's position.",
    "Red_Herring": "Diverts attention to an irrelevant topic.",
    "Whataboutism": "Deflects criticism by pointing at the opponent's alleged wrongs.",
    "Slogans": "A short, striking phrase that stands in for an argument.",
    "Conversation_Killer": "A phrase that discourages thought or discussion (thought-terminating).",
    "Appeal_to_Time": "Argues that the time to act is now (or has come).",
    "Loaded_Language": "Words with strong emotional connotations to sway the audience.",
    "Obfuscation-Vagueness-Confusion": "Deliberately unclear wording open to many readings.",
    "Exaggeration-Minimisation": "Makes something seem much larger or smaller than it is.",
    "Repetition": "Repeats the same message so the audience comes to accept it.",
}

# SemEval-2020 Task 11 (PTC, 14 labels; some merged classes) → the 2023 taxonomy.
SEMEVAL2020_TO_2023: dict[str, str] = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_fear-prejudice": "Appeal_to_Fear-Prejudice",
    # merged class; Reductio (54 spans in NLP4IF) outnumbers Bandwagon (13)
    "Bandwagon,Reductio_ad_hitlerum": "Guilt_by_Association",
    "Black-and-White_Fallacy": "False_Dilemma-No_Choice",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration-Minimisation",
    "Flag-Waving": "Flag_Waving",
    "Loaded_Language": "Loaded_Language",
    "Name_Calling,Labeling": "Name_Calling-Labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating_Cliches": "Conversation_Killer",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism",  # the merged class; see NLP4IF map
}

# NLP4IF-2019 (18 labels) → the 2023 taxonomy.
NLP4IF2019_TO_2023: dict[str, str] = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_fear-prejudice": "Appeal_to_Fear-Prejudice",
    "Bandwagon": "Appeal_to_Popularity",
    "Black-and-White_Fallacy": "False_Dilemma-No_Choice",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration-Minimisation",
    "Flag-Waving": "Flag_Waving",
    "Loaded_Language": "Loaded_Language",
    "Name_Calling,Labeling": "Name_Calling-Labeling",
    "Obfuscation,Intentional_Vagueness,Confusion": "Obfuscation-Vagueness-Confusion",
    "Red_Herring": "Red_Herring",
    "Reductio_ad_hitlerum": "Guilt_by_Association",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Straw_Men": "Straw_Man",
    "Thought-terminating_Cliches": "Conversation_Killer",
    "Whataboutism": "Whataboutism",
}

FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)

GENRES: tuple[str, ...] = ("reporting", "opinion", "satire")

COUNT_TYPES: tuple[str, ...] = ("KILL", "WOUND", "ARREST", "KIDNAP", "PROTEST", "AFFECT", "SEIZE")

# SemEval-2025 Task 10 subtask 1 (entity framing): 3 main roles, 22 fine roles under them,
# in the official scorer's order (MAIN_ROLES, FINE_GRAINED_ROLES of subtask1_scorer.py)
ROLE_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "Antagonist": (
        "Instigator",
        "Conspirator",
        "Tyrant",
        "Foreign Adversary",
        "Traitor",
        "Spy",
        "Saboteur",
        "Corrupt",
        "Incompetent",
        "Terrorist",
        "Deceiver",
        "Bigot",
    ),
    "Innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
MAIN_ROLES: tuple[str, ...] = tuple(ROLE_TAXONOMY)
FINE_ROLES: tuple[str, ...] = tuple(f for group in ROLE_TAXONOMY.values() for f in group)
MAIN_OF_FINE: dict[str, str] = {f: m for m, group in ROLE_TAXONOMY.items() for f in group}

_CATEGORY_OF = {t: c for c, group in CATEGORIES.items() for t in group}


def category_of(technique: str) -> str:
    """The category ("Attack on reputation", ...) a technique belongs to."""
    return _CATEGORY_OF[technique]
