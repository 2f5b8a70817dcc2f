"""The crisis card's plea in the language the client wrote in.

MindHaven's pages are in English, but clients write to the chatbot, their journal and their therapist in the
languages their therapists speak. A Spanish or Hindi message that shows the crisis card now also gets one short
paragraph in that language: call one of these lines now, they are free and open day and night, you don't have to
face this alone. The language is guessed from the message itself (`mindhaven.language`), never by a service.
The translations were written by the MindHaven team and have not yet been reviewed by clinicians who are native
speakers (docs/safety.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from mindhaven.language import guess_language


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


def plea_for(text: str | None) -> OwnWords | None:
    """The crisis plea in the message's language, or None when it reads as English (the card is English already)."""
    return PLEAS.get(guess_language(text))
