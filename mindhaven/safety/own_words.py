"""The crisis card's plea in the language the client wrote in.

MindHaven's pages are in English, but clients write to the chatbot, their journal and their therapist in the
languages their therapists speak. A Spanish or Hindi message that shows the crisis card now also gets one short
paragraph in that language: call one of these lines now, they are free and open day and night, you don't have to
face this alone. The language is guessed from the message itself (script, then common words), never from a
service. The translations were written by the MindHaven team and have not yet been reviewed by clinicians who are
native speakers (docs/safety.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OwnWords:
    language: str  # our code: "es", "hi-latn", ...
    lang: str  # the HTML lang attribute: "es", "hi-Latn", ...
    direction: str  # "ltr" or "rtl"
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"language": self.language, "lang": self.lang, "dir": self.direction, "text": self.text}


PLEAS: dict[str, OwnWords] = {
    words.language: words
    for words in (
        OwnWords(
            "es",
            "es",
            "ltr",
            "Si estás en peligro ahora, llama a una de estas líneas: son gratuitas y atienden de día y de noche. "
            "No tienes que pasar por esto a solas.",
        ),
        OwnWords(
            "pt",
            "pt",
            "ltr",
            "Se você está em perigo agora, ligue para uma destas linhas: são gratuitas e atendem dia e noite. "
            "Você não precisa enfrentar isso sem apoio.",
        ),
        OwnWords(
            "fr",
            "fr",
            "ltr",
            "Si vous êtes en danger maintenant, appelez l’une de ces lignes : elles sont gratuites et répondent jour "
            "et nuit. Vous n’avez pas à traverser cela sans aide.",
        ),
        OwnWords(
            "de",
            "de",
            "ltr",
            "Wenn Sie jetzt in Gefahr sind, rufen Sie bitte eine dieser Nummern an: Sie sind kostenlos und Tag und "
            "Nacht erreichbar. Sie müssen das nicht allein durchstehen.",
        ),
        OwnWords(
            "hi-latn",
            "hi-Latn",
            "ltr",
            "Agar aap abhi khatre mein hain, to neeche di gayi kisi bhi helpline par call karein. Ye muft hain aur "
            "din-raat khuli rehti hain. Aapko yeh akele nahi sehna hai.",
        ),
        OwnWords(
            "hi-deva",
            "hi",
            "ltr",
            "अगर आप अभी ख़तरे में हैं, तो नीचे दी गई किसी भी हेल्पलाइन पर कॉल करें। ये मुफ़्त हैं और दिन-रात खुली "
            "रहती हैं। आपको यह अकेले नहीं सहना है।",
        ),
        OwnWords(
            "mr",
            "mr",
            "ltr",
            "तुम्ही आत्ता धोक्यात असाल, तर खालीलपैकी कोणत्याही हेल्पलाइनवर फोन करा. त्या मोफत आहेत आणि दिवस-रात्र "
            "सुरू असतात. तुम्हाला हे एकट्याने सहन करावे लागणार नाही.",
        ),
        OwnWords(
            "bn",
            "bn",
            "ltr",
            "আপনি যদি এখন বিপদে থাকেন, নিচের যেকোনো হেল্পলাইনে ফোন করুন। এগুলো বিনামূল্যে, দিনরাত খোলা থাকে। "
            "আপনাকে এটা একা সহ্য করতে হবে না।",
        ),
        OwnWords(
            "ta",
            "ta",
            "ltr",
            "நீங்கள் இப்போது ஆபத்தில் இருந்தால், கீழே உள்ள எந்த உதவி எண்ணையும் அழைக்கவும். இவை இலவசம், இரவும் "
            "பகலும் இயங்குகின்றன. இதை நீங்கள் தனியாகச் சுமக்க வேண்டியதில்லை.",
        ),
        OwnWords(
            "ur",
            "ur",
            "rtl",
            "اگر آپ ابھی خطرے میں ہیں تو نیچے دی گئی کسی بھی ہیلپ لائن پر کال کریں۔ یہ مفت ہیں اور دن رات کھلی رہتی "
            "ہیں۔ آپ کو یہ اکیلے نہیں سہنا۔",
        ),
        OwnWords(
            "ar",
            "ar",
            "rtl",
            "إذا كنت في خطر الآن، فاتصل بأحد هذه الأرقام: الاتصال مجاني ومتاح ليلًا ونهارًا. لست وحدك في هذا.",
        ),
    )
}

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


def plea_for(text: str | None) -> OwnWords | None:
    """The crisis plea in the message's language, or None when it reads as English (the card is English already)."""
    return PLEAS.get(guess_language(text))
