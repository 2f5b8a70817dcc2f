"""Phrase rules beyond English: Spanish, Portuguese, French, German, and Hindi/Urdu in Latin letters and Devanagari.

MindHaven's therapists work in these languages, so clients write in them. The English rules in `risk.py` read none
of it, and the learned layer reads it only as far as its multilingual embedding carries it. These rules cover the
plainest ways to say the things that must never be missed: a wish to die, a plan or an act, self-harm, and being
hurt at home. They are deliberately few and specific: everyday hyperbole ("este examen me va a matar", "je suis
mort de rire", "garmi se mar gaya") does not match any of them.

Patterns run on `risk.normalise`d text (lower case, apostrophes removed, accents kept, so they accept letters with
and without accents). Negation is handled per rule, not by the English check: a negation inside a pattern is part of
the risk ("no quiero vivir", "jeena nahi chahta"); one right before a first-person wish denies it ("no quiero
morir", "não quero morrer"), while a "no" further back does not ("ya no aguanto más, quiero morir": "no" and "não"
are everywhere in Spanish and Portuguese); nouns and infinitives ("pensamientos suicidas", "hacerme daño", "me
suicider", "mich umbringen") are denied by a negation among the four words before them ("no estoy pensando en
hacerme daño"); German and Hindi also deny after the verb ("ich ritze mich nicht mehr", "khud ko khatam nahi
karungi"). Devanagari has no `\\b`
in Python's `re` (its vowel signs are not word characters), so those patterns match as substrings.
"""

from __future__ import annotations

_A, _E, _I, _O, _U = "[aáàâã]", "[eéèêë]", "[iíîï]", "[oóôõ]", "[uúüû]"
_AE, _OE, _UE = "(?:ä|ae|a)", "(?:ö|oe|o)", "(?:ü|ue|u)"  # German umlauts, typed or spelled out
_N = "[nñ]"
_NOT_ES = r"(?<!\bno\s)(?<!\bnunca\s)(?<!\bjam[aá]s\s)"  # "no quiero morir" denies
_NOT_PT = r"(?<!\bn[aã]o\s)(?<!\bnao\s)(?<!\bnunca\s)"
_NO_NAHI = r"(?!\s+(?:\S+\s+){0,4}(?:nahi|nahin|na)\b)"  # "khud ko khatam nahi karungi" denies
# "woh jeena nahi chahta", "usko jeene ka mann nahi karta": a friend's words
_NOT_THEM = r"(?<!\bwoh\s)(?<!\bwo\s)(?<!\bvo\s)(?<!\bvoh\s)(?<!\busko\s)(?<!\buse\s)(?<!\bunko\s)(?<!\busne\s)"
# "me muero de risa" is an idiom, and so is wanting to die "of laughter", "of shame", "of hunger".
# A haircut or nails are not self-harm: "me corto el pelo", "vou me cortar o cabelo".
_NOT_HAIR = r"(?!\s+(?:el|o|a|las|os|mi|meu)\s+(?:pelo|cabelo|cabello|u[nñ]as|unhas|flequillo|franja))"
_NOT_IDIOM = r"(?!\s+de\s+(?:la\s+)?(?:risa|verg\w+|envidia|amor|hambre|sue\w+|calor|fr[ií]o|aburrimiento))"
_NAO = r"(?:n[aã]o|nao)"

# Negations that deny a noun or an infinitive when among the four words before it (risk.py checks them).
DENY_ES = r"\b(?:no|nunca|jam[aá]s|ni|nada|ninguna|ning[uú]n|ninguno)\b"
DENY_PT = r"\b(?:n[aã]o|nao|nunca|jamais|nem|nada|nenhuma|nenhum)\b"
DENY_FR = r"\b(?:ne|n|pas|jamais|plus|aucune?|rien)\b"
DENY_DE = r"\b(?:nicht|nie|niemals|kein\w*)\b"
_NO_KEINE = r"(?!\s+(?:\S+\s+){0,2}kein\w*\b)"  # "Selbstmordgedanken hab ich keine"
# "une corde et des mousquetons pour la via ferrata", "una cuerda nueva de 60 metros", "une corde neuve de 70m"
_NOT_GEAR = r"(?!\s+(?:et|de|pour|para|y|e|pra|und|f[uü]r|nuev[ao]|neuve|neuf|nov[ao]|dynamique|din[aá]mica|\d+\w*)\b)"
_NO_NICHT = r"(?!\s+(?:\S+\s+){0,1}(?:nicht|nie|niemals)\b)"  # "ich ritze mich nicht mehr"

# (category, level, pattern, the negations that deny it from the four words before, or None).
RULES: list[tuple[str, str, str, str | None]] = [
    # --- Spanish
    (
        "suicidal_ideation",
        "high",
        rf"{_NOT_ES}\b(?:(?:me\s+)?quiero\s+morir(?:me)?\b{_NOT_IDIOM}|quiero\s+matarme|me\s+quiero\s+matar|me\s+voy\s+a\s+matar|voy\s+a\s+matarme|"
        rf"no\s+quiero\s+(?:seguir\s+)?vivi(?:r|endo)|no\s+quiero\s+(?:seguir\s+)?(?:estar\s+)?(?:aqu{_I}|existir)|me\s+voy\s+a\s+suicidar|"
        rf"ojal{_A}\s+(?:me\s+)?muriera|ojal{_A}\s+no\s+despertar)",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:ganas\s+de\s+morir(?:me)?\b{_NOT_IDIOM}|suicidarme|pensamientos\s+suicidas|ideas\s+suicidas|quitarme\s+la\s+vida|acabar\s+con\s+mi\s+vida)",
        DENY_ES,
    ),
    (
        "self_harm",
        "high",
        rf"{_NOT_ES}\b(?:me\s+(?:estoy\s+)?cort(?:o|ando|{_E})\s+(?:los|las|el|la|mis)\s+(?:brazos|piernas|mu{_N}ecas|brazo|pierna|venas)|"
        rf"me\s+estoy\s+cortando{_NOT_HAIR}|me\s+hago\s+da{_N}o|me\s+autolesiono)",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\b(?:cortarme\s+(?:los|las|el|la|mis)\s+(?:brazos|piernas|mu{_N}ecas|brazo|pierna|venas)|hacerme\s+da{_N}o|autolesi{_O}n\w*|autolesionarme)",
        DENY_ES,
    ),
    (
        "abuse_or_violence",
        "high",
        rf"(?<!\bse\s)\bme\s+(?:pega|pegan|peg{_O}|golpea|golpean|golpe{_O}|maltrata|maltratan|viola|viol{_O}|abusa|abus{_O})\b|"
        rf"\bme\s+amenaza(?:n)?\s+con\s+matarme\b|\bmiedo\s+de\s+(?:volver\s+a\s+casa|mi\s+(?:marido|esposo|pareja|novio|padre|padrastro))\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\bme\s+tom{_E}\s+todas\s+(?:las|mis)\s+pastillas\b|\btom{_E}\s+todas\s+las\s+pastillas\b(?!\s+de\s+(?:la|el)\b)|"
        rf"\b(?:tengo|compr{_E})\s+(?:la|una)\s+(?:soga|cuerda|pistola)\b{_NOT_GEAR}",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"{_NOT_ES}\b(?:me\s+quiero\s+dar\s+cuello|darme\s+cuello|ojal{_A}\s+me\s+(?:atropellara|pasara\s+algo|diera\s+algo)|"
        rf"(?:estar[ií]an?|estar[aá]n?|vivir[ií]an?)\s+mejor\s+sin\s+m{_I})",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\b(?:me\s+(?:volv{_I}|he\s+vuelto)\s+a\s+cortar|(?:volv{_I}|he\s+vuelto)\s+a\s+cortarme|me\s+cort{_E}\s+(?:los|las|mis)\s+(?:brazos|piernas|mu{_N}ecas|venas)|"
        rf"me\s+quemo\s+(?:con|los|las|el|la)\s+(?:\w+\s+)?(?:encendedor|mechero|cigarros?|cigarrillos?|brazos|piernas|plancha))",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\bme\s+las\s+(?:voy\s+a\s+)?tom(?:o|ar|ar{_E})\s+todas\b|\bcartas?\s+de\s+despedida\b",
        None,
    ),
    # --- Portuguese
    (
        "suicidal_ideation",
        "high",
        rf"{_NOT_PT}\b(?:quero\s+morrer|vou\s+me\s+matar|quero\s+me\s+matar|{_NAO}\s+quero\s+(?:mais\s+)?viver|{_NAO}\s+aguento\s+mais\s+viver|"
        rf"queria\s+(?:estar\s+)?morrer|queria\s+estar\s+morta?|quero\s+sumir\s+(?:de\s+vez|pra\s+sempre|para\s+sempre))",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:vontade\s+de\s+morrer|pensamentos\s+suicidas|me\s+suicidar|(?:em|de)\s+me\s+matar|tirar\s+(?:a\s+)?minha\s+(?:pr{_O}pria\s+)?vida)\b",
        DENY_PT,
    ),
    (
        "self_harm",
        "high",
        rf"{_NOT_PT}\b(?:me\s+cortando{_NOT_HAIR}|me\s+corto{_NOT_HAIR}|me\s+machucando|me\s+machuco|automutila\w*|autoles{_A}o)\b",
        None,
    ),
    ("self_harm", "high", rf"\b(?:me\s+cortar{_NOT_HAIR}|me\s+machucar)\b", DENY_PT),
    (
        "abuse_or_violence",
        "high",
        rf"\b(?:ele|ela|meu\s+(?:marido|pai|padrasto|namorado|irm{_A}o)|minha\s+(?:m{_A}e|madrasta|namorada))\s+(?:\w+\s+)?"
        rf"me\s+(?:bate|bateu|espanca|espancou|agride|agrediu|estuprou|abusa|abusou|amea[cç]a)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\btomei\s+todos\s+os\s+(?:meus\s+)?(?:rem{_E}dios|comprimidos)\b|\btomei\s+todas\s+as\s+(?:minhas\s+)?p{_I}lulas\b",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:(?:ficar(?:iam)?|estar(?:iam)?|viver(?:iam)?)\s+melhor\s+sem\s+mim|me\s+apagar\s+de\s+vez|afim\s+de\s+me\s+apagar|"
        rf"me\s+jogar\s+(?:na\s+frente\s+d[oa]|d[ao]\s+(?:ponte|pr{_E}dio|janela|viaduto|sacada)))",
        DENY_PT,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\btomei\s+(?:uma\s+)?cartela\s+inteira\b|\btomo\s+tudo\s+de\s+uma\s+vez\b|\bjuntei\s+(?:os\s+|todos\s+os\s+)?(?:meus\s+)?(?:comprimidos|rem{_E}dios)\b",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        rf"\b(?:ele|ela|meu\s+(?:marido|pai|padrasto|namorado|irm{_A}o|companheiro)|minha\s+(?:m{_A}e|madrasta|namorada))\s+(?:\w+\s+)?me\s+(?:empurrou|empurra|enforcou|trancou|tranca)\b",
        None,
    ),
    # --- French ("ne ... pas" splits a first-person wish, so "je ne veux pas mourir" matches nothing)
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:je\s+veux\s+mourir|j\s?ai\s+envie\s+de\s+mourir|je\s+vais\s+me\s+tuer|je\s+veux\s+me\s+tuer|je\s+(?:ne\s+)?veux\s+plus\s+vivre|"
        rf"j\s?aimerais\s+ne\s+(?:jamais\s+|pas\s+)?me\s+r{_E}veiller)",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:envie\s+de\s+mourir|envie\s+de\s+me\s+tuer|me\s+suicider|pens{_E}es\s+suicidaires|id{_E}es\s+suicidaires|mettre\s+fin\s+{_A}\s+mes\s+jours|"
        rf"en\s+finir\s+avec\s+la\s+vie)",
        DENY_FR,
    ),
    (
        "self_harm",
        "high",
        r"\b(?:je\s+me\s+scarifie(?!\s+plus\b)|je\s+me\s+coupe\s+(?:les|le|la)\s+(?:bras|poignets|poignet|cuisses|jambes)|je\s+me\s+fais\s+du\s+mal)",
        None,
    ),
    ("self_harm", "high", r"\b(?:me\s+scarifier|scarification|me\s+faire\s+du\s+mal|automutil\w*)", DENY_FR),
    (
        "abuse_or_violence",
        "high",
        rf"\b(?:il|elle|mon\s+(?:mari|p{_E}re|copain|beau[\s-]p{_E}re|fr{_E}re)|ma\s+(?:m{_E}re|belle[\s-]m{_E}re))\s+(?:\w+\s+)?"
        rf"me\s+(?:frappe|frappait|bat|battait|viole|viol{_E}e?|menace\s+de\s+me\s+tuer)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\bj\s?ai\s+(?:pris|aval{_E})\s+(?:toutes\s+mes|tous\s+mes|toute\s+la\s+bo{_I}te\s+de)\s+(?:\w+\s+)?(?:pilules|comprim{_E}s|cachets|m{_E}dicaments)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:me\s+foutre\s+en\s+l\s?air|mieux\s+sans\s+moi|mieux\s+si\s+j\s*{_E}tais\s+(?:plus|pas)\s+l{_A}|je\s+pense\s+{_A}\s+sauter|"
        rf"qu\s?il\s+m\s?arrive\s+un\s+accident)",
        DENY_FR,
    ),
    (
        "self_harm",
        "high",
        rf"\bje\s+me\s+suis\s+(?:encore\s+|de\s+nouveau\s+|re)?(?:scarifi{_E}e?|coup{_E}e?\s+(?:les|le|la)\s+(?:bras|poignets?|cuisses|jambes))|\bje\s+me\s+br[uû]le\s+(?:avec|les|le|la)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\b(?:ce\s+soir|cette\s+nuit)\s+je\s+(?:prends|avale)\s+tout\b|\baval{_E}?r?\s+(?:toute\s+la\s+plaquette|toute\s+la\s+bo[iî]te|tous\s+mes|toutes\s+mes)\b",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        r"\b(?:il|mon\s+(?:mec|copain|compagnon|conjoint|mari))\s+(?:\w+\s+)?me\s+(?:frappe|tape|cogne|bat)\b|\bme\s+touche\s+la\s+nuit\b",
        None,
    ),
    # --- German ("ich will nicht sterben" matches nothing; "nicht" after the verb denies it)
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:ich\s+(?:will|m{_OE}chte)\s+sterben|ich\s+(?:will|m{_OE}chte)\s+nicht\s+mehr\s+leben|ich\s+bringe?\s+mich{_NO_NICHT}\s+um|"
        rf"ich\s+will\s+nicht\s+mehr\s+aufwachen|w{_AE}re\s+(?:ich\s+)?(?:lieber\s+)?tot)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:mich\s+umbringen|mir\s+das\s+leben\s+nehmen|selbstmordgedanken|suizidgedanken|suizidal|lebensm{_UE}de)\b{_NO_KEINE}",
        DENY_DE,
    ),
    ("self_harm", "high", rf"\b(?:ich\s+ritze\s+mich|ich\s+verletze\s+mich(?:\s+selbst)?){_NO_NICHT}", None),
    ("self_harm", "high", r"\b(?:mich\s+ritzen|mich\s+selbst\s+verletzen|selbstverletz\w*)\b", DENY_DE),
    (
        "abuse_or_violence",
        "high",
        rf"\b(?:er|sie|mein\s+(?:mann|vater|freund|stiefvater|bruder)|meine\s+(?:mutter|frau|freundin))\s+(?:\w+\s+)?"
        rf"(?:schl{_AE}gt|schlug|verpr{_UE}gelt|pr{_UE}gelt|misshandelt|vergewaltigt|bedroht)\s+mich\b",
        None,
    ),
    ("suicidal_ideation", "imminent", r"\bich\s+habe\s+alle\s+(?:meine\s+)?(?:tabletten|pillen)\s+genommen\b", None),
    (
        "suicidal_ideation",
        "high",
        r"\bmich\s+(?:einfach\s+)?(?:abknallen|erschie(?:ß|ss)en|erh(?:ä|ae|a)ngen|vor\s+(?:den|einen)\s+zug\s+werfen)\b|\bnicht\s+mehr\s+aufzuwachen\b",
        DENY_DE,
    ),
    ("suicidal_ideation", "imminent", r"\b(?:das\s+)?seil\s+h(?:ä|ae|a)ngt\b", None),
    ("severe_hopelessness", "concern", r"\bhat\s+(?:alles\s+)?keinen\s+sinn\s+mehr\b", None),
    ("abuse_or_violence", "high", r"\bsperr(?:t|en)\s+mich\s+ein\b", None),
    # --- Hindi / Urdu in Latin letters
    (
        "suicidal_ideation",
        "high",
        rf"{_NOT_THEM}\b(?:marna\s+chaht[aie]|mar\s+jaa?na\s+chaht[aie]|marne\s+ka\s+(?:mann|man|dil)|khudkushi|khud\s*kushi|aatmahatya|atmahatya|"
        r"suicide\s+kar\s+(?:lu|loon|lunga|lungi|lenge)|jeena\s+nahi[n]?\s+chaht[aie]|jeene\s+ka\s+(?:koi\s+)?(?:mann|man|matlab|dil)\s+nahi|"
        rf"zindagi\s+khatam\s+kar\s+(?:du|dun|doon|dunga|dungi|lu|lunga|lungi){_NO_NAHI}|khud\s+ko\s+khatam{_NO_NAHI}|"
        rf"apne\s+aap\s+ko\s+(?:khatam|maar){_NO_NAHI}|main\s+mar\s+jaun(?:ga|gi)?\s+toh\s+(?:sab|achha|acha)|"
        r"sab\s+khatam\s+kar\s+(?:du|dun|doon|dunga|dungi))",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\b(?:khud\s+ko\s+(?:hurt|cut|kaat|kat|chot){_NO_NAHI}|apne\s+(?:haath|hath|aap)\s+(?:ko\s+)?(?:kaat|kat|cut)|"
        r"haath\s+(?:kaat|kat)\s+(?:liya|leti|leta|rahi|raha))",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        r"\bmujhe\s+(?:roz\s+|har\s+din\s+|bahut\s+)?(?:maarta|maarti|maarte|marta|peet(?:ta|ti|te)|pit(?:ta|ti|te))\b|"
        r"\bmujh(?:e)?\s+par\s+haath\s+uthata\b|\bmaar\s+daal(?:e|ega|enge)\s+mujhe\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:saari|sari|sab|saare|sare)\s+(?:goliyan|goliya|goli|tablets|pills|dawai|dawaiyan)\s+kha\s+(?:li|liya|lee|lin)\b",
        None,
    ),
    # Hindi / Urdu in Latin letters, second round (from the first multilingual set's misses, in general form)
    (
        "suicidal_ideation",
        "high",
        rf"{_NOT_THEM}\b(?:mujhe\s+mar\s+jaa?na\s+hai|jeene\s+ka\s+\w+\s+(?:mann|man|dil)\s+nahi|mujhe\s+utha\s+le|"
        r"(?:khush|behtar|better)\s+(?:rahenge|rahega|rahegi|honge|hoga)\s+mere\s+bina|mere\s+bina\s+(?:\w+\s+){0,2}(?:khush|behtar|better)|"
        rf"kood\s+(?:jaun(?:ga|gi)?|jaana\s+hai){_NO_NAHI})",
        None,
    ),
    (
        "self_harm",
        "high",
        r"\bkalai\s+(?:pe|par)\s+(?:\w+\s+){0,2}(?:kaat|kata|kaata|kaati|cut)|\b(?:blade|compass|cigarette)\s+se\s+(?:\w+\s+){0,3}(?:kaat|kata|kaata|kaati|jala|daag)",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\bnas\s+kaat\s+(?:li|liya|lee|lunga|lungi|dunga|dungi)\b|\bchhat\s+(?:pe|par)\s+(?:khada|khadi)\b|"
        r"\bpankh[ae]\s+se\s+(?:dupatta|rassi|chunni)\s+(?:baandh|bandh)",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        r"\bjaan\s+se\s+maar\s+(?:dunga|dega|denge|degi|dalunga|dalega)\b|"
        r"\b(?:pati|husband|papa|bhaiya|bhai|sasur|saas|sasural\s+wale|sasural\s+waale)\s+(?:\w+\s+){0,5}(?:maarta|maarte|maarti|peet\s*t[aie])\s+h|"
        r"\bdahej\s+ke\s+liye\s+(?:\w+\s+){0,3}(?:torture|maar|peet|tang|pareshan)|\bkamre\s+(?:mein|me)\s+band\s+(?:kar|rakh)",
        None,
    ),
    (
        "harm_to_others",
        "high",
        r"\b(?:uski|uska|unki|iski)\s+jaan\s+le\s+(?:lunga|lungi|loonga)\b|\bkaam\s+tamaam\s+kar\s+(?:dunga|dungi|denge)\b|\bzinda\s+nahi\s+chhodunga\b",
        None,
    ),
    # Third round: tired of living, places with a jump, ropes and poison at hand, abuse in more words (general forms
    # of what the second multilingual set's messages said)
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:cansad[oa]\s+de\s+vivir|cansei\s+de\s+viver|cansad[oa]\s+de\s+viver|marre\s+de\s+vivre|fatigu{_E}e?\s+de\s+vivre|"
        rf"(?:null|kein)\s+bock\s+mehr\s+auf\s+(?:das\s+)?leben|(?:jeene|zindagi)\s+se\s+thak\s+(?:gaya|gayi|gya|gyi)|"
        rf"ya\s+no\s+voy\s+a\s+estar|penso\s+em\s+morrer|pienso\s+en\s+morir(?:me)?|je\s+pense\s+{_A}\s+mourir|"
        rf"(?:je\s+veux|envie\s+de)\s+crever|le\s+go{_U}t\s+de\s+dispara{_I}tre|dispara{_I}tre\s+(?:pour\s+de\s+bon|pour\s+toujours|{_A}\s+jamais)|"
        rf"ne\s+me\s+r{_E}veillais\s+pas|si\s+je\s+meurs\b.{{0,30}}(?:{_E}gal|men\s+fous|soulagement)|nicht\s+mehr\s+aufwach\w*|"
        rf"f{_UE}r\s+immer\s+weg|weg\s+sein,?\s+f{_UE}r\s+immer|jeene\s+ki\s+(?:koi\s+)?(?:wajah|vajah|ichha|icchha|iccha)\s+nahi|"
        rf"(?:gayab|gaayab)\s+ho\s+jaa?na\s+chaht\w+\s+(?:\w+\s+)?hamesha\s+ke\s+liye|main\s+nahi\s+rahun(?:ga|gi))",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\b(?:azotea|puente|edificio|techo|balc{_O}n|ponte|viaduto|pr{_E}dio|telhado|janela|sacada|pont|toit|falaise|balcon|"
        rf"dach|br{_UE}cke|gleis\w*|chhat|pul|bridge|building)\b.{{0,40}}\b(?:salto|voy\s+a\s+saltar|me\s+tiro|me\s+voy\s+a\s+tirar|"
        rf"vou\s+pular|me\s+jogar|je\s+saute|je\s+vais\s+sauter|spring\s+ich|ich\s+springe?|springen|kood\s+(?:jaun\w*|raha|rahi|jaaunga))\b|"
        rf"\b(?:compr{_E}i|compr{_E})\s+(?:a|una?|la)\s+(?:corda|soga|cuerda)\b{_NOT_GEAR}|\bcorde\s+(?:est\s+)?(?:accroch{_E}e|attach{_E}e|pr{_E}te)\b|"
        rf"\bachet{_E}\s+(?:la|une)\s+corde\b{_NOT_GEAR}|(?<!-)(?<!kletter)\bseil\s+(?:gekauft|besorgt)\b|\brassi\s+(?:le\s+aay\w*|khareed\w*)\b|"
        rf"\b(?:veneno|raticida)\b.{{0,40}}\b(?:me\s+lo\s+tomo|tom{_A}rmelo|me\s+lo\s+bebo)\b|"
        rf"\b(?:rat\s+poison|chuhe\s+ma+rne\s+ki\s+dawa)\s+(?:le\s+aay\w*|la\s+(?:liya|li)|kha|pee)\b|"
        rf"\bj\s?en\s+finis\s+(?:maintenant|ce\s+soir|aujourd\s?hui|cette\s+nuit)\b|\bdej{_E}\s+(?:una\s+|unas\s+|las\s+|mis\s+)?(?:carta|cartas)\b",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\b(?:me|mich|mir|khud)\b.{{0,40}}\b(?:at{_E}\s+sangrar|hasta\s+(?:que\s+)?sangr\w+|jusqu\s?au\s+sang|bis\s+es\s+blutet|jab\s+tak\s+khoon)\b|"
        rf"\bmich\s+(?:\w+\s+){{0,2}}(?:wieder|gestern|heute|erneut)\b(?:\s+\w+){{0,3}}\s+geritzt\b",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        rf"\b(?:padrastro|t{_I}o|primo|abuelo|padre|pap{_A}|padrasto|tio|av{_O})\s+(?:\w+\s+)?entra\s+(?:a|en|no)\s+(?:mi|meu)\s+(?:cuarto|habitaci{_O}n|cama|quarto)\b|"
        rf"\bd{_A}-?\s*me\s+porrada\b|\bme\s+d{_A}\s+porrada\b|\bme\s+(?:frappent|battent|tabassent|tabasse)\b|\bme\s+(?:bate|espanca)\s+(?:quando|sempre|todo)\b",
        None,
    ),
    ("severe_hopelessness", "concern", r"\bkeine\s+hoffnung\s+mehr\b|कोई\s+उम्मीद\s+नहीं", None),
    # --- Hindi in Devanagari (no \b: see the module docstring)
    (
        "suicidal_ideation",
        "high",
        r"(?<!वो\s)(?<!वह\s)(?<!उसे\s)(?<!उसको\s)(?:मरना\s+चाहत|मर\s+जाना\s+चाहत|(?:आत्महत्या|खुदकुशी|ख़ुदकुशी)\s+(?:कर\s+(?:लूं|लूँ|लूंगा|लूँगा|लूंगी|लूँगी|लेना)|के\s+(?:विचार|ख्याल|ख़याल)\s+आ)|जीना\s+नहीं\s+चाहत|जीने\s+का\s+(?:कोई\s+)?(?:मन|मतलब)\s+नहीं|"
        r"ज़िंदगी\s+खत्म\s+कर|जिंदगी\s+खत्म\s+कर|खुद\s+को\s+खत्म|अपने\s+आप\s+को\s+खत्म)",
        None,
    ),
    ("suicidal_ideation", "concern", r"आत्महत्या|खुदकुशी|ख़ुदकुशी", None),
    ("self_harm", "high", r"खुद\s+को\s+(?:चोट|काट)(?!\S*\s+(?:\S+\s+){0,1}नहीं)|अपने\s+(?:हाथ|आप)\s+(?:को\s+)?काट", None),
    ("abuse_or_violence", "high", r"मुझे\s+(?:रोज़?\s+|हर\s+दिन\s+)?(?:मारता|मारती|मारते|पीटता|पीटती|पीटते)", None),
    ("suicidal_ideation", "imminent", r"(?:सारी|सब)\s+(?:गोलियां|गोलियाँ|दवाइयां|दवाइयाँ)\s+खा\s+(?:ली|लीं)", None),
    # Devanagari, second round
    (
        "suicidal_ideation",
        "high",
        r"जीने\s+की\s+(?:कोई\s+)?इच्छा\s+नहीं|मेरे\s+न\s+रहने\s+से|मैं\s+नहीं\s+रहूँग|टपकने\s+का\s+मन|"
        r"(?:ट्रेन|गाड़ी|रेल)\s+के\s+आगे\s+कूद|(?:छत|पुल|बिल्डिंग)\s+से\s+कूद",
        None,
    ),
    ("self_harm", "high", r"ब्लेड\s+से\s+(?:\S+\s+){0,3}काट|सिगरेट\s+से\s+(?:\S+\s+){0,2}दाग", None),
    (
        "suicidal_ideation",
        "imminent",
        r"चूहे\s+मारने\s+की\s+दवा.{0,40}खा|पंखे\s+से\s+(?:दुपट्टा|रस्सी|चुन्नी)\s+बा[ँं]?ध",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        r"गला\s+(?:भी\s+)?दबा(?:या|ते|ता|ती)|(?:पति|ससुर|सास|पापा|भैया)\s+(?:\S+\s+){0,5}(?:थप्पड़\s+मार|मारते|मारता|पीटते|पीटता)|"
        r"(?:बताया|बताई)\s+तो\s+(?:जान\s+से\s+)?मार\s+द|जान\s+से\s+मार\s+द|कमरे\s+में\s+बंद\s+(?:रख|कर)",
        None,
    ),
    ("harm_to_others", "high", r"ज़?िंदा\s+नहीं\s+छोड़ूँग|जिंदा\s+नहीं\s+छोड़ूंग", None),
    # Fourth round, from the third multilingual set's misses (in general form): standing at a height with a farewell
    # or a decision, a whole pack swallowed, a hanging point, abuse behind a locked door or kept secret, a weapon in
    # hand, self-harm with a blade, a lighter or a wall, and past attempts.
    (
        "suicidal_ideation",
        "imminent",
        rf"\b(?:estoy|sigo|toy|estou|t[oô]|je\s+suis|bin|steh\w*|sitz\w*|main|mai)\s+(?:\w+\s+){{0,3}}(?:en|na|no|sur|auf|an|am|ke|pe|par)\s+"
        rf"(?:\w+\s+){{0,2}}(?:azotea|puente|techo|terraza|ponte|viaduto|telhado|laje|toit|pont|falaise|dach|\w*br{_UE}cke|gleis\w*|bahnsteig|"
        rf"chhat|pul|kinare)\b.{{0,80}}\b(?:no\s+hay\s+vuelta\s+atr{_A}s|no\s+pienso\s+bajar|perd{_O}n\s+a\s+todos|adi{_O}s|"
        rf"n{_A}o\s+tem\s+volta|desculp\w+|foi\s+mal|adeus|c\s?est\s+le\s+moment|je\s+regarde\s+en\s+bas|pardon|adieu|"
        rf"kommt\s+gleich|tut\s+mir\s+leid|macht\s?s\s+gut|lebt\s+wohl|sorry|maaf|alvida|despedida|gracias\s+por|obrigad[oa]|"
        rf"dis\s+{_A}\s+ma\s+m{_E}re|digam?\s+{_A}|diz\s+{_A}|sag\s+meine[rm]?|merci\s+pour\s+tout|danke\s+f{_UE}r\s+alles|bye)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"(?:पुल|छत|ब्रिज)\s+(?:के\s+किनारे|पर)\s+(?:\S+\s+){0,2}खड़\S*.{0,80}(?:सॉरी|माफ़|माफ|अलविदा|गहरी)|"
        r"(?:पूरी|सारी|सब)\s+(?:\S+\s+){0,2}(?:गोलियां|गोलियाँ|गोली|दवाइयां|दवाइयाँ|दवा)\s+(?:\S+\s+){0,1}खा\s+(?:ली|लीं|लिया|लिए)|"
        r"(?:पंखे|फंदे)\s+से\s+लटक|\b(?:pankh[ae]|phande|fande)\s+se\s+latak",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\b(?:tomei|tom{_E}|me\s+tom{_E}|engoli|aval{_E}|avaler|geschluckt|genommen)\s+(?:\w+\s+){{0,2}}(?:caixa|cartela|embalagem|frasco|caja|tira|bote|"
        rf"bo{_I}te|plaquette|packung|schachtel|strip)\s+(?:inteira|entera|enti{_E}re|completa|ganze)\b|"
        rf"\b(?:toda\s+la|la\s+caja\s+entera\s+de|todo\s+el\s+frasco\s+de)\s+(?:caja|tira|frasco|bote)?\s*(?:de\s+)?(?:pastillas|clonazepam|rivotril|paracetamol|ibuprofeno)\b.{{0,20}}\b(?:me\s+la\s+tom{_E}|me\s+las\s+tom{_E})|"
        rf"\b(?:die\s+)?(?:ganze|ganzen)\s+(?:packung|schachtel|tabletten)\s+(?:\w+\s+){{0,2}}(?:geschluckt|genommen)\b|"
        rf"\b(?:pulsadern|handgelenke)\s+(?:\w+\s+)?aufgeschnitten\b|\b(?:der\s+|den\s+)?strick\s+(?:h{_AE}ngt|ist\s+fertig|liegt\s+bereit)\b|"
        rf"\b(?:corda|soga|cuerda)\s+(?:\w+\s+){{0,2}}(?:aqui|aqu{_I}|pronta|lista|amarrada|colgada)\b{_NOT_GEAR}|"
        rf"\b(?:spring\s+ich|ich\s+spring\w*)\s+(?:\w+\s+){{0,3}}(?:vom|von\s+der|von\s+dem|aus\s+dem)\s+(?:\w+\s+)?(?:dach|br{_UE}cke|fenster|balkon|turm|hochhaus)\b",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\b(?:bato|batendo|me\s+golpeo|golpeo|golpearme|me\s+pego|je\s+me\s+tape|je\s+me\s+cogne|schlage|haue)\s+(?:com\s+)?(?:a\s+|la\s+|mi\s+|meinen\s+)?"
        rf"(?:cabe[cç]a|t{_E}te|kopf)\s+(?:\w+\s+){{0,2}}(?:na|contra|contre|gegen|an)\s+(?:a\s+|la\s+|le\s+|die\s+)?(?:parede|pared|mur|wand)\b|"
        rf"\b(?:mit\s+(?:der|einer)\s+(?:rasier)?klinge|mit\s+(?:einer\s+)?scherbe)\b.{{0,40}}\bgeschnitten\b|"
        rf"\bmir\s+(?:\w+\s+){{0,3}}(?:wieder|erneut)\s+(?:\w+\s+){{0,4}}(?:in\s+den|in\s+die|die|den)\s+(?:\w+\s+)?(?:arm|arme|unterarm|oberschenkel|handgelenk\w*|beine?)\s+geschnitten\b|"
        r"\b(?:lighter|maachis|machis|cigarette|garam\s+\w+)\s+se\s+(?:\w+\s+){0,3}(?:jala|daag)",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:t[oô]|estou|tou|eu\s+t[oô])\s+(?:\w+\s+)?querendo\s+me\s+matar\b|\bupar\s+jaane\s+ka\s+(?:mann|man|dil)\b",
        DENY_PT,
    ),
    (
        "suicidal_ideation",
        "concern",
        rf"\b(?:tentative\s+de\s+suicide|intento\s+de\s+suicidio|intent{_E}\s+suicidarme|tentativa\s+de\s+suic{_I}dio|tentei\s+me\s+matar|"
        rf"suizidversuch|selbstmordversuch|(?:fait|faite)\s+une\s+ts|suicide\s+attempt\s+kiya|suicide\s+ki\s+koshish)\b",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        rf"\bme\s+(?:encierra|encierran|encerr{_O}|tiene\s+encerrad[oa]|tienen\s+encerrad[oa]|deixa\s+trancad[oa])\b|\bm\s?enferme(?:nt)?\b|"
        rf"\b(?:garde|confisque|a\s+pris|confiscou|quit{_O}|me\s+quita|hat|haben)\s+(?:mon|meu|mi|meinen)\s+(?:passeport|passaporte|pasaporte|pass|reisepass)\b|"
        rf"\bfasst\s+mich\s+(?:nachts|heimlich|immer\s+wieder|unten)\b|\bdarf\s+es\s+(?:keinem|niemandem)\s+(?:erz{_AE}hlen|sagen)\b|"
        rf"\bgalat\s+(?:jagah|jagha|tarike\s+se)\s+(?:\w+\s+)?(?:chhoo|chhu|chu|touch)\w*|"
        r"मुझे\s+(?:\S+\s+){0,4}(?:दागती|दागता|दागते|जलाती|जलाता)|गलत\s+जगह\s+(?:\S+\s+){0,1}छू",
        None,
    ),
    (
        "abuse_or_violence",
        "high",
        r"\b(?:chaku|chaaku|chhura|churi|knife)\b.{0,60}\b(?:khatam|maar|jaan\s+se)\s+(?:kar\s+)?(?:dega|degi|denge|dalega|daalega)\b|"
        r"(?:चाकू|छुरा|छुरी).{0,60}(?:खत्म|ख़त्म|मार)\s+(?:कर\s+)?(?:देगा|देगी|देंगे|डालेगा)",
        None,
    ),
    (
        "harm_to_others",
        "high",
        rf"\b(?:couteau|flingue|arme|fusil|cuchillo|navaja|pistola|faca|arma|rev{_O}lver|messer|waffe|pistole)\b.{{0,60}}"
        rf"\b(?:je\s+(?:vais\s+)?(?:le|la|les)\s+tuer?|(?:lo|la|los)\s+mato|voy\s+a\s+matar\w*|(?:eu\s+)?(?:o|a)?\s*mato|vou\s+matar|"
        rf"bring\s+(?:ich\s+)?(?:ihn|sie)\s+um|stech\w*\s+(?:\w+\s+){{0,3}}ab)\b|"
        rf"\b(?:je\s+(?:vais\s+)?(?:le|la)\s+tuer?|lo\s+mato|vou\s+matar|bring\s+(?:ich\s+)?(?:ihn|sie)\s+um)\b.{{0,60}}\b(?:couteau|flingue|arme|cuchillo|pistola|faca|arma|messer|waffe)\b|"
        rf"\bich\s+stech\w*\s+(?:\w+\s+){{0,3}}ab\b|\bstech\s+(?:den|die|ihn|sie)\s+(?:\w+\s+)?ab\b|"
        rf"\bmato\s+(?:aquele|aquela|esse|essa)\b.{{0,40}}\b(?:n{_A}o\s+{_E}\s+(?:for[cç]a\s+de\s+express{_A}o|brincadeira|zoeira)|de\s+verdade|de\s+vdd|juro)\b",
        None,
    ),
    # Changes after the fourth multilingual set was scored (docs/safety.md), from its misses in general form: looking up
    # how to die, cutting again, a pack just swallowed, a last message with a farewell, being better off gone.
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:buscando|busqu{_E}|busco|googlear|googleando|pesquis\w+|procur\w+|cherch\w+|regarde|recherch\w+|google\w*|gesucht|gegoogelt|suche|"
        rf"google\s+kar\s+(?:raha|rahi)|search\s+kar\s+(?:raha|rahi)|dhoondh\s*(?:raha|rahi))\b.{{0,40}}"
        rf"\b(?:cu{_A}ntas\s+pastillas|qu{_E}\s+altura|quantos\s+comprimidos|qual\s+altura|quantas\s+p{_I}lulas|combien\s+de\s+(?:comprim{_E}s|cachets|m{_E}dicaments)|"
        rf"quelle\s+hauteur|wie\s+viele\s+tabletten|welche\s+h{_OE}he|kitni\s+(?:\w+\s+){{0,2}}(?:goliyan|goliya|tablets|pills)|kitni\s+uchai)|"
        rf"\b(?:dosis\s+(?:letal|mortal)|dose\s+(?:letal|mortelle|fatal)|t{_OE}dliche\s+dosis|lethal\s+dose)\b|"
        rf"\b(?:para|pra|pour|um)\s+(?:no\s+despertar|n{_A}o\s+(?:acordar|sobreviver)|que\s+ce\s+soit\s+mortel|ne\s+plus\s+me\s+r{_E}veiller|nicht\s+mehr\s+aufzuwachen)\b|"
        r"(?:इंटरनेट|गूगल)\s+पर\s+(?:\S+\s+){0,5}(?:ज़हर|जहर|गोलियां|गोलियाँ)",
        None,
    ),
    (
        "self_harm",
        "high",
        rf"\bje\s+me\s+suis\s+(?:encore|de\s+nouveau|re)\s*coup{_E}e?\b|\bme\s+cortei\s+(?:de\s+novo|outra\s+vez|dnv|com\s+(?:a\s+)?l{_A}mina)|"
        rf"\b(?:ja\s+|j{_A}\s+)?me\s+cortei\s+(?:hj|hoje|ontem)|\bmich\s+(?:\w+\s+){{0,2}}(?:wieder|erneut)\s+geschnitten\b|\bme\s+(?:volv{_I}\s+a\s+cortar|cort{_E}\s+otra\s+vez)\b",
        None,
    ),
    (
        "suicidal_ideation",
        "imminent",
        rf"\b(?:acabei\s+de|acabo\s+de|je\s+viens\s+d)\s*(?:engolir|tomar|avaler|prendre|tomarme)\s+(?:\w+\s+){{0,1}}(?:cartela|caixa|plaquette|bo{_I}te|caja|tira|frasco)\b|"
        rf"\b(?:poori|puri|saari|sari|puuri)\s+(?:strip|patta|patti|shishi|bottle)\b.{{0,20}}\bkha\s+(?:li|liya|lee|lin)\b|"
        rf"\brassi\b.{{0,30}}\bpankh[ae]\b|\bpankh[ae]\b.{{0,30}}\brassi\b|"
        rf"\b(?:mon|mi|meu|mera|meine|mein)\s+(?:dernier|{_U}ltimo|last|letzte)\s+(?:message|mensaje|mensagem|nachricht)\b.{{0,80}}\b(?:pardon|adieu|perd{_O}n|adi{_O}s|gracias|desculp\w+|adeus|obrigad[oa]|maaf|thank\s+you|bye|tsch{_UE}ss|danke|lebt\s+wohl)\b|"
        rf"\b(?:isto|esto|c\s?est|this)\s+(?:{_E}|es|is)\s+(?:uma|una|un|an?)\s+(?:despedida|adieu|goodbye)\b|\b{_E}\s+hoje\s*[.,]\s*obrigad[oa]\s+por\s+tudo\b",
        None,
    ),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:allen|alle|jedem)\s+(?:\w+\s+){{0,2}}(?:besser|leichter)\s+ohne\s+mich\b|\bbesser\s+ohne\s+mich\b|"
        rf"\bse\s+eu\s+n{_A}o\s+(?:estivesse|existisse)\s+mais\b|\bsi\s+(?:yo\s+)?no\s+(?:estuviera|existiera)\b|"
        rf"\bdormir(?:me)?\s+y\s+no\s+despertar\b|\bdormir\s+e\s+n{_A}o\s+acordar\b|"
        r"मेरे\s+बिना\s+(?:\S+\s+){0,3}(?:खुश|ख़ुश|बेहतर)",
        None,
    ),
]

# A time or means in these languages, as risk._IMMINENCE reads in English ("tonight", "right now").
IMMINENCE = (
    r"esta\s+noche|ahora\s+mismo|ahorita|hoje\s+[aà]\s+noite|hoje|agora\s+mesmo|ce\s+soir|cette\s+nuit|maintenant|"
    r"heute\s+nacht|heute\s+abend|jetzt\s+gleich|aaj\s+raat|abhi\s+(?:isi\s+waqt|turant)|आज\s+रात"
)
