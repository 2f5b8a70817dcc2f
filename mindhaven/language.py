"""Which language a client's message is written in, guessed offline from the text alone.

Used where MindHaven must not read another language as English: the crisis card's plea in the client's own
language (`safety/own_words.py`) and the journal's tone, which is measured for English only. By script first
(Devanagari, Bengali, Tamil, Arabic letters), then, in Latin letters, by everyday words each language uses and the
others rarely do, and letters only one of them writes. Unsure means English.
"""

from __future__ import annotations

import re

_SCRIPTS = (
    ("deva", re.compile(r"[\u0900-\u097f]")),
    ("bn", re.compile(r"[\u0980-\u09ff]")),
    ("ta", re.compile(r"[\u0b80-\u0bff]")),
    ("arab", re.compile(r"[\u0600-\u06ff]")),
)
_MARATHI = re.compile(r"(?:आहे|आहेत|मला|नाही|तुम्ही|आणि|काय|मी\s|होतो|होते)")
_URDU_LETTERS = re.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]")  # ٹ ڈ ڑ ں ھ ہ ے

# Words common in everyday writing in one of the Latin-script languages and rare in the others ("j'" is the French
# elision, as in "j'ai"); words two of them share ("no", "me", "que", "de") count for none.
_WORDS = {
    "en": "i im ive my you your the and is are was it its not dont cant want feel just this that with have of what so"
    " be at on for but all can like life really about they he she were",
    "es": "yo quiero estoy una pero muy tengo ya nada todo para con del el los las mi mis hoy ayer ahora eso más cuando"
    " siempre también aquí voy va mañana noche vida ganas nadie puedo soy porque está lo ni sin solo qué cómo estaba"
    " hace anoche siento he dijo mejor al este esta esto pa",
    "pt": "eu não nao tô você voce vc pra ontem hoje agora isso mais uma um da do na em meu minha ele ela muito estou"
    " ainda depois fiquei tava tá bem também aqui mim vou vai ninguém já tudo sinto tenho queria penso aguento o os"
    " ao com sem nem só ia era foi dia melhor estava sozinho sozinha comigo gente aquele essa esse num numa pela pelo",
    "fr": "je j' d' l' qu' c' n' m' t' s' suis pas ne moi mon ma mes et mais très tout rien plus veux est avec pour"
    " les du des au aux ce cette ça ai hier demain trop vraiment fait il elle vous nous jamais envie chez peux une sur"
    " dans sans chaque pense matin marre vivre faire être bien quand comme donc alors ils leur mdr ptdr jsp déjà",
    "de": "ich bin nicht mehr mein meine mich mir und aber weil sehr ist habe hab kein keine alles nichts will der das"
    " dem den ein eine einen zu mit auf für noch schon heute gestern wenn wie nach vom sind isch gsi nimma nimmer"
    " ned nöd muss wann gibts vor ohne hatte haben sie er wir auch nur einfach sein wird nie des leben endlich voll"
    " hob mog",
    "hi-latn": "main mai mujhe mera meri hai hain nahi nahin kya aur lekin bahut kuch sab hoon hu raha rahi yaar ko se"
    " ke ki ka mein toh bhai gaya gayi tha thi kar kiya bhi ab koi abhi kal aaj bas dil liye wala wali apne tera diya"
    " liya poora pura ekdum karna karne ammi kaise kyun kyunki jab agar woh wo ye yeh hum tum aap apna apni uska",
}
_WORD_SETS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
# Letters only one of them writes; each one seen counts as two words.
_LETTERS = {"es": "ñ¿¡", "pt": "ãõ", "fr": "èùœâîë", "de": "ßäöü"}
_TOKEN = re.compile(r"[^\W\d_]+'?")


def guess_language(text: str | None) -> str:
    """Our code for the language of a message, "en" when unsure. By script first, then by common words."""
    if not text:
        return "en"
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS}
    script, letters = max(counts.items(), key=lambda item: item[1])
    if letters >= 3:
        if script == "deva":
            return "mr" if len(_MARATHI.findall(text)) >= 2 else "hi-deva"
        if script == "arab":
            return "ur" if _URDU_LETTERS.search(text) else "ar"
        return script
    lowered = re.sub(r"[\u2018\u2019\u02bc`]", "'", text.lower())
    tokens = _TOKEN.findall(lowered)
    scores = {
        language: sum(token in words or token.rstrip("'") in words for token in tokens)
        for language, words in _WORD_SETS.items()
    }
    for language, letters_of in _LETTERS.items():
        scores[language] += 2 * sum(letter in lowered for letter in letters_of)
    best = max(scores, key=lambda language: scores[language])
    if best == "en" or scores[best] < 2 or scores[best] <= scores["en"]:
        return "en"
    return best
