# ruff: noqa: E501  (each template reads best on one line)
"""Synthetic citizen requests and complaints sent to a national e-government portal, for module 07.

Each request is a short text written by a (fictional) citizen and the department that finally handled it.
Texts are assembled from templates with many alternative phrasings, then varied the way real messages vary:
greetings, places and dates, pleas, typing errors, missing punctuation, and words written in transliterated
Russian or in local languages (Kazakh, Kyrgyz, Uzbek, Tajik) in Latin letters. Some requests mention two
problems, and some are vague, so that no model can route every request correctly. Messages sent by SMS are
shorter and carry more typing errors and local words than those typed in the web form.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property, partial

import numpy as np
import pandas as pd

from aitrain.datasets.generators import citizen_requests_ru as ru
from aitrain.datasets.generators.geography import REGIONS
from aitrain.datasets.generators.text_noise import add_typos, expand, swap_words, word_pattern
from aitrain.datasets.registry import Dataset

SEED = 707
N_REQUESTS = 6000
CHANNELS = ("web form", "mobile app", "call centre", "SMS")
CHANNEL_SHARE = (0.35, 0.25, 0.20, 0.20)
# Typing errors per word, and the chance that a word with a local equivalent is written in it, by channel.
TYPO_RATE = {"web form": 0.02, "mobile app": 0.04, "call centre": 0.03, "SMS": 0.08}
LOCAL_RATE = {"web form": 0.10, "mobile app": 0.20, "call centre": 0.15, "SMS": 0.35}
AMBIGUOUS_SHARE = 0.18  # requests about two problems; the department is the one that handled the first
VAGUE_SHARE = 0.06  # requests that say little about the problem

DEPARTMENTS = {
    "water": "Water and sewerage",
    "heating": "Heating and gas",
    "electricity": "Electricity",
    "roads": "Roads and public transport",
    "waste": "Waste and sanitation",
    "social": "Social benefits and pensions",
    "health": "Health care",
    "education": "Schools and kindergartens",
    "documents": "Civil registry and documents",
    "land": "Land and construction",
}

# `{a|b|c}` picks one alternative; `[text]` is kept half of the time.
PROBLEMS = {
    "water": [
        "{no|there is no|we have no} {water|cold water|running water|drinking water} {in our building|at home|in the whole street|in the flats|in our house} [since {yesterday|monday|the morning}]",
        "the water from the tap is {dirty|brown|yellow|muddy|smelly} and {we cannot drink it|children got sick|it smells bad}",
        "{a pipe|the water pipe|the main water pipe} {burst|is leaking|broke} {near our house|in the yard|under the road|in the basement}",
        "{sewage|the sewer|kanalizatsiya} is {blocked|overflowing|flooding the yard|leaking into the basement}",
        "{water pressure|the pressure of the water} is very {low|weak} on the {upper floors|fifth floor|ninth floor}",
        "{the water meter|my water meter} {is broken|shows wrong numbers|needs to be sealed|was not checked}",
        "{the water bill|the bill for water} is {too high|wrong|double} [although we were away]",
        "{water|the water supply} is {cut off|switched off|given only at night|given two hours a day} {again|every day|without warning}",
        "{the well|the village well|the water pump} {is broken|does not work|dried up} and people carry water from far",
        "{water|dirty water} {is flowing|flows} {in the street|from the manhole|near the school} [for days]",
        "we ask to connect our {house|new house|street} to the {water supply|central water|water network}",
        "{the water tower|the water tank} in the village {is empty|leaks|is not repaired}",
    ],
    "heating": [
        "{no heating|the heating is off|the heating does not work|there is no heat} in {our flat|the building|our block|the whole microdistrict}",
        "the {radiators|batteries} are {cold|only warm|ice cold} and it is {very cold|freezing|minus ten outside}",
        "{we smell gas|there is a smell of gas|gas is leaking} {in the stairwell|near the meter|in the kitchen|in the basement}",
        "{the gas pressure|gas} is too {low|weak} to cook [in the evening]",
        "{the gas meter|my gas meter} {is broken|must be replaced|shows wrong numbers}",
        "{the bill for heating|the heating bill|the gas bill} is {too high|wrong|calculated for a bigger flat}",
        "{the hot water|hot water} {is not hot|has not come|is off} [for two weeks]",
        "{the boiler house|the boiler room|the local boiler} {stopped|is broken|has no coal}",
        "we ask to connect our {house|street} to the {gas network|gas pipeline|central heating}",
        "{the heating season|heating} {has not started|started late|was stopped too early} [this year]",
        "{gas cylinders|bottled gas} {are not delivered|are too expensive|are not available} in our village",
        "{a heating pipe|the hot pipe} {is leaking|burst} and {steam|hot water} comes out {in the yard|under the road}",
    ],
    "electricity": [
        "{no electricity|no power|the power is off|the lights are off} {in our street|in the building|in the village|at home} [since {yesterday|the evening|morning}]",
        "{power cuts|blackouts|the electricity cuts} {every day|every evening|several times a day} {damage our fridge|stop our work|spoil the food}",
        "the {voltage|power} is {too low|jumping|unstable} and {the fridge|the television|the washing machine} {broke|burned}",
        "{the electricity meter|my electric meter} {is broken|shows wrong numbers|must be replaced|is running too fast}",
        "{the electricity bill|the bill for electricity} is {too high|wrong|double this month}",
        "{a wire|the power line|an electric cable} {is hanging low|fell down|is sparking} {over the road|in the yard|near the school} and it is dangerous",
        "{the transformer|the substation} {is broken|burned|makes noise} and half of the {street|village} is without power",
        "we ask to connect our {new house|shop|house} to the {electricity|power grid|electric network}",
        "{the electric pole|a pole} is {leaning|about to fall|broken} {near our house|on our street}",
        "{prepaid electricity|the electricity card|the prepaid meter} {does not accept payment|shows zero|was not topped up}",
    ],
    "roads": [
        "{there are big potholes|the road is full of holes|a big pothole} on {our street|the main road|the road to the village|the bridge}",
        "the {road|street|asphalt} {was dug up and not repaired|was never repaired|is destroyed} [after the works]",
        "the {bus|minibus|marshrutka} {does not come|comes once an hour|stopped going} to our {village|microdistrict|district}",
        "{the bus driver|the minibus driver} {was rude|did not stop|overcharged us|drives dangerously}",
        "{the traffic light|the traffic lights} at the {crossing|junction|school} {does not work|is broken|is always red}",
        "{there are no street lights|street lights do not work|the street lamps are off} and {it is dark|people fall|it is unsafe} at night",
        "{the bridge|the small bridge} {over the canal|over the river} is {broken|dangerous|falling apart}",
        "we need a {pedestrian crossing|speed bump|sidewalk} near the {school|kindergarten|market}",
        "{snow|ice} is not {cleared|removed} from {the road|our street|the bus stop} [for a week]",
        "the {bus stop|bus shelter} is {broken|missing|without a roof}",
        "the {bus fare|minibus fare|price of the ticket} {went up|is too high} without {notice|explanation}",
        "{trucks|heavy lorries} {destroy|damage} the road {to our village|on our street}",
    ],
    "waste": [
        "{the garbage|the rubbish|the trash} {has not been collected|is not taken away} {for two weeks|for ten days|since last month|again}",
        "{the rubbish bins|the containers|the garbage containers} are {full|overflowing|broken|missing} {in our yard|near the market|on our street}",
        "{people|someone} {dump|throw} {garbage|rubbish|construction waste} {by the river|in the ravine|behind the school|near the canal}",
        "{the garbage truck|the rubbish truck} {does not come|comes too early|skips our street}",
        "{stray dogs|rats|flies} {around the bins|near the garbage|at the dump} are {a danger|a problem} for children",
        "{the landfill|the dump} {is burning|smokes|smells} and we cannot breathe",
        "{the public toilet|the toilets} {at the market|in the park|at the bus station} {is dirty|is closed|is not cleaned}",
        "we pay for {garbage collection|waste removal} but {nobody comes|the bins are never emptied}",
        "{the street|the yard|the park} is {very dirty|full of rubbish|not cleaned} [after the holiday]",
        "{dead animals|a dead dog} {lie|lies} on the {road|street} and nobody {removes it|takes it away}",
    ],
    "social": [
        "{my pension|the pension of my mother|my father's pension} {was not paid|came late|was reduced} [this month]",
        "{the child benefit|the benefit for my children|the allowance for low-income families} {stopped|was not paid|was refused}",
        "{how do I apply|where can I apply|what documents are needed} for {the disability benefit|social assistance|the allowance for poor families|the pension}",
        "{my application for assistance|my application for the benefit} was {refused|rejected|lost} {without explanation|and nobody explains why}",
        "{my disability group|the disability status of my son} {was not extended|was removed|must be renewed}",
        "{we are a large family|I am a single mother|I am an elderly person living alone} and we {need help|cannot pay for food|have no income}",
        "{the social worker|the inspector} {did not visit us|wrote wrong information|never came} [for the assessment]",
        "{the amount of the pension|my pension} was calculated {wrongly|without my years of work|too low}",
        "{the unemployment benefit|my unemployment allowance} {has not been paid|was stopped} {for two months|since March}",
        "{we were removed from|we are not in} the {list of poor families|social registry|register of needy families} {without reason|but we are poor}",
        "{the funeral allowance|the benefit for the birth of a child|the maternity allowance} {has not arrived|was refused}",
        "{a care home|a place in a home for the elderly} for my {mother|grandfather}, {how to apply|please help}",
    ],
    "health": [
        "{the clinic|the polyclinic|the health centre} {has no doctor|is closed|has no paediatrician} [for a month]",
        "{I cannot get an appointment|there is no appointment|the queue is two weeks} {with the doctor|with a specialist|at the clinic}",
        "{the ambulance|the emergency car} {came after two hours|did not come|was late} [when my father was ill]",
        "{free medicines|the free insulin|medicines for diabetes} {are not available|were not given|ran out} at the {pharmacy|clinic}",
        "{the doctor|the nurse|the staff at the hospital} {asked for money|was rude|refused to examine} {my child|my mother|me}",
        "{vaccination|the vaccine} for {my baby|children} {is not available|was postponed} [at the clinic]",
        "{the hospital|the maternity ward|the rural health post} {has no heating|is dirty|has no equipment}",
        "{I am not attached|we are not registered} to {a clinic|a polyclinic|a family doctor} [after moving]",
        "{the medical certificate|the sick leave certificate} {was not issued|is wrong|takes too long} at the {clinic|hospital}",
        "{the test results|the X-ray results} {were lost|are not given|take a month}",
        "{the medical insurance|my health insurance} {does not work|is not accepted} at the {hospital|clinic}",
        "{the dentist|the eye doctor|the cardiologist} {does not receive patients|is only there on Monday}",
    ],
    "education": [
        "{there is no place|we cannot get a place|we are on the waiting list} in {the kindergarten|a kindergarten|the nursery} for {my son|my daughter|our child}",
        "{the school|the classroom|the school building} is {cold|overcrowded|falling apart|without toilets}",
        "{the teacher|the school director|the headmaster} {asks for money|collects money|was rude to the children}",
        "{there is no teacher|the teacher left|nobody teaches} {of mathematics|of English|of physics} [since September]",
        "{school meals|the school lunch|the food in the kindergarten} {are bad|is not given|made children sick}",
        "{the school bus|transport to school} {does not come|was cancelled} and children walk {five kilometres|far|on the road}",
        "{my child was not accepted|they refused to enrol my child} in {the first grade|the school|the kindergarten} [because of registration]",
        "{textbooks|school books} {were not given|are missing|must be bought} [by parents]",
        "{the exam results|the test results|the grades} of my {son|daughter} are {wrong|unfair|not published}",
        "{a certificate from school|the school certificate|the diploma} {is needed|was not issued|has a mistake}",
        "{the school yard|the sports hall} {is not safe|is locked|has broken glass}",
        "{children with disability|my child with disability} {cannot study|are not accepted} at the {school|kindergarten}",
    ],
    "documents": [
        "{my passport|my ID card|my identity card} {expired|was lost|was stolen|is damaged} and {I need a new one|how do I replace it}",
        "{the birth certificate|the marriage certificate|the death certificate} {has a mistake|was not issued|is needed urgently}",
        "{registration at my address|residence registration|my registration} {was refused|takes too long|is needed for work}",
        "{the passport office|the registry office|the public service centre} {is always closed|has a long queue|does not answer the phone}",
        "{how long does it take|how much does it cost|what documents are needed} to get {a passport|a foreign passport|an ID card|a birth certificate}",
        "{my name|the date of birth|my surname} is {written wrongly|misspelled|different} in {the passport|the ID card|the certificate}",
        "{the electronic signature|the digital signature|my e-government account} {does not work|was blocked|cannot be renewed}",
        "{a certificate of no criminal record|a certificate of residence|a certificate of family composition} {is not issued|takes a month|is refused} [online]",
        "{the online appointment|the electronic queue} at {the public service centre|the passport office} {is always full|does not work}",
        "{I changed my surname|after my divorce|after my marriage} {the documents|my ID} {are not changed|were not updated}",
        "{citizenship|the citizenship of my child} {is not confirmed|was refused|takes too long}",
    ],
    "land": [
        "{my land plot|the land plot of my family|our garden plot} {was taken|is occupied by a neighbour|was given to someone else}",
        "{the building permit|the construction permit|permission to build} {was refused|takes months|was not issued}",
        "{a neighbour|a company|someone} is building {illegally|without permission|on the canal|on our land}",
        "{the cadastre|the land register} {has wrong borders|shows the wrong area|has a mistake} for {my plot|our house}",
        "{how do I register|how to register|we want to register} {my house|our land|the new extension} {in the cadastre|as property}",
        "{the title deed|the property certificate|the land certificate} {was not issued|has a mistake|is lost}",
        "{the old building|the house next door|the wall} is {about to collapse|cracked|dangerous} after {the earthquake|the flood|the rain}",
        "{the land for a house|a plot for young families} {was promised|was not given|the queue does not move}",
        "{the fence|the new building|the garage} of {the neighbour|a shop} {blocks our road|blocks the irrigation canal|stands on the street}",
        "{the zoning|the city plan|the general plan} {changed|does not allow} {a shop|our house|an extension} [on our plot]",
        "{demolition of our house|our house is to be demolished} {without compensation|with too little compensation} [for the new road]",
    ],
}

GREETINGS = ["", "", "", "Hello.", "Good day.", "Dear sir or madam,", "Hello, I am writing with a complaint.",
             "Assalomu alaykum.", "Salem.", "Zdravstvuyte.", "Good afternoon, please help.",
             "To the e-government portal:", "Dear ministry,"]
PLACES = ["", "", "", "in {Yntymak|Alaman|Chinar|Dostuk|Erkin|Gulzar|Nurkent|Tamchy} {district|village|microdistrict}",
          "at {Navoi|Abai|Lenin|Tole bi|Chui|Rudaki|Amir Temur} street {4|12|27|58|103}",
          "in {mahalla|aul|ail} {Bereke|Kamysh|Orto|Ulan|Zhany}", "in microdistrict {3|5|7|12}",
          "in house {8|14|21} block {2|3|B}"]
DURATIONS = ["", "", "", "for a week now", "for three days", "since last month", "already for a long time",
             "this is the third time", "again", "for two weeks"]
PLEAS = ["", "", "Please help.", "Please fix it.", "Please solve this problem.", "When will it be fixed?",
         "Who is responsible?", "Please take measures.", "We have called many times, nobody answers.",
         "I already complained to the akimat.", "Please answer.", "Thank you.", "Pomogite pozhaluysta.",
         "Iltimos yordam bering.", "Please send someone.", "Nobody reacts to our complaints."]
VAGUE = [
    "I wrote to you {last month|two weeks ago|before} and nobody answered, {please help|what should I do}.",
    "{Please|Kindly} {call me back|contact me} about my {problem|application|complaint}, {my phone is 0555|thank you}.",
    "{This is the third time|Again} I {write|complain} and {nothing changes|nobody comes}.",
    "{Who should I contact|Where should I go} {about this|with my question}?",
    "{The officials|The akimat|The local administration} {do not do anything|ignore us|do not answer}.",
]
# Weak hints added to vague requests: words that lean to one department.
HINTS = {
    "water": "about the water", "heating": "about the heating", "electricity": "about the lights",
    "roads": "about the road", "waste": "about the rubbish", "social": "about the payment",
    "health": "about the doctor", "education": "about my child", "documents": "about my documents",
    "land": "about my house",
}

# English words and their local spellings (transliterated Russian, or Kazakh, Kyrgyz, Uzbek, Tajik in
# Latin letters), as people write them. Longest phrases first.
LOCAL_WORDS = {
    "electricity": ["svet", "elektr", "elektrichestvo", "tok"], "power": ["svet", "tok"],
    "lights": ["svet"], "water": ["voda", "suv", "su", "ob"], "heating": ["otoplenie", "otopleniye", "atoplenie"],
    "radiators": ["batarei"], "batteries": ["batarei"], "hot water": ["goryachaya voda", "issiq suv"],
    "gas": ["gaz"], "meter": ["schetchik", "hisoblagich"], "bill": ["kvitantsiya", "schet"],
    "garbage": ["musor", "chiqindi"], "rubbish": ["musor"], "trash": ["musor"],
    "pension": ["pensiya", "nafaqa", "zeinetaky"], "benefit": ["posobie", "nafaqa"], "allowance": ["posobie"],
    "certificate": ["spravka", "malumotnoma"], "registration": ["propiska"], "passport": ["pasport"],
    "kindergarten": ["detsad", "bogcha", "balabakcha"], "school": ["shkola", "maktab", "mektep"],
    "teacher": ["uchitel", "muallim"], "clinic": ["poliklinika", "emhana"], "polyclinic": ["poliklinika"],
    "doctor": ["vrach", "doktor", "shifokor", "dariger"], "hospital": ["bolnitsa", "kasalxona", "aurukhana"],
    "road": ["doroga", "yol", "zhol"], "pothole": ["yama"], "potholes": ["yamy"], "bus": ["avtobus"],
    "land plot": ["uchastok", "zher telimi"], "plot": ["uchastok"], "house": ["dom", "uy", "uy-joy"],
    "street": ["ulitsa", "kocha", "koshe"], "village": ["selo", "qishloq", "auyl", "kishtak"],
    "neighbour": ["sosed", "qoshni"], "queue": ["ochered", "navbat"], "documents": ["dokumenty", "hujjatlar"],
    "sewage": ["kanalizatsiya"], "cold": ["kholodno", "sovuq"], "money": ["dengi", "pul", "aqsha"],
    "children": ["deti", "bolalar", "balalar"], "child": ["rebenok", "bola", "bala"],
    "mother": ["mama", "ona", "ana"], "flat": ["kvartira"], "yard": ["dvor", "hovli"],
}


@dataclass(frozen=True)
class Phrasing:
    """The texts of one language's requests: templates, the words written in a local spelling, and the
    shortenings of SMS (none in English)."""

    problems: dict[str, list[str]]
    greetings: list[str]
    places: list[str]
    durations: list[str]
    pleas: list[str]
    vague: list[str]
    hints: dict[str, str]
    hint_sentence: str
    call_centre: str
    local_words: dict[str, list[str]]
    sms_words: dict[str, list[str]] = field(default_factory=dict)
    sms_rate: float = 0.0
    typo_scale: float = 1.0  # typing errors per word, relative to TYPO_RATE

    @cached_property
    def local_pattern(self) -> re.Pattern:
        return word_pattern(self.local_words)

    @cached_property
    def sms_pattern(self) -> re.Pattern:
        return word_pattern(self.sms_words)


PHRASING = {
    "en": Phrasing(PROBLEMS, GREETINGS, PLACES, DURATIONS, PLEAS, VAGUE, HINTS, "It is {hint}", "Caller says: ",
                   LOCAL_WORDS),
    "ru": Phrasing(ru.PROBLEMS, ru.GREETINGS, ru.PLACES, ru.DURATIONS, ru.PLEAS, ru.VAGUE, ru.HINTS,
                   ru.HINT_SENTENCE, ru.CALL_CENTRE, ru.LOCAL_WORDS, ru.SMS_WORDS, ru.SMS_RATE, ru.TYPO_SCALE),
}


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(("?", ".", "!")) else ".") if text else ""


def _request(department: str, kind: str, channel: str, rng: np.random.Generator, words: Phrasing) -> str:
    problems = words.problems[department]
    if kind == "vague":
        parts = [expand(words.vague[rng.integers(len(words.vague))], rng)]
        if rng.random() < 0.7:
            parts.append(_sentence(words.hint_sentence.format(hint=words.hints[department])))
    else:
        core = expand(problems[rng.integers(len(problems))], rng)
        place = expand(words.places[rng.integers(len(words.places))], rng)
        parts = [_sentence(f"{core} {place}".strip())]
        if kind == "ambiguous":
            others = [d for d in words.problems if d != department]
            other = others[rng.integers(len(others))]
            parts.append(_sentence(expand(words.problems[other][rng.integers(len(words.problems[other]))], rng)))
            if rng.random() < 0.5:  # the second problem can come first
                parts.reverse()
        elif rng.random() < 0.25:
            parts.append(_sentence(expand(problems[rng.integers(len(problems))], rng)))
        parts.insert(0, expand(words.greetings[rng.integers(len(words.greetings))], rng))
        parts.append(_sentence(expand(words.durations[rng.integers(len(words.durations))], rng)))
    parts.append(expand(words.pleas[rng.integers(len(words.pleas))], rng))
    text = " ".join(p for p in parts if p)
    text = swap_words(text, words.local_pattern, words.local_words, LOCAL_RATE[channel], rng)
    text = add_typos(text, TYPO_RATE[channel] * words.typo_scale, rng)
    if channel == "SMS":
        text = re.sub(r"[.,]", "", text.lower()) if rng.random() < 0.6 else text
        if words.sms_words:
            text = swap_words(text, words.sms_pattern, words.sms_words, words.sms_rate, rng)
    elif channel == "call centre":
        text = words.call_centre + text
    return re.sub(r"\s+", " ", text).strip()


def generate(seed: int = SEED, n: int = N_REQUESTS, language: str = "en") -> pd.DataFrame:
    """Return the requests as a table, one row per request, written in `language` ("en" or "ru"): the same
    departments, channels, regions and kinds of request in both."""
    rng = np.random.default_rng(seed)
    codes = list(DEPARTMENTS)
    # Some departments receive many more requests than others.
    weights = np.array([14, 12, 11, 12, 9, 13, 9, 8, 8, 6], dtype=float)
    department = rng.choice(len(codes), size=n, p=weights / weights.sum())
    channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARE)
    region = rng.integers(0, len(REGIONS), size=n)
    draw = rng.random(n)
    kind = np.where(draw < VAGUE_SHARE, "vague", np.where(draw < VAGUE_SHARE + AMBIGUOUS_SHARE, "ambiguous", "clear"))
    texts = [_request(codes[d], k, CHANNELS[c], rng, PHRASING[language]) for d, k, c in zip(department, kind, channel, strict=True)]
    return pd.DataFrame({
        "request_id": [f"R{i:05d}" for i in range(1, n + 1)],
        "channel": [CHANNELS[c] for c in channel],
        "region": [REGIONS[r] for r in region],
        "text": texts,
        "department": [codes[d] for d in department],
    })


DATASETS = [Dataset("citizen_requests", "citizen_requests.csv", generate,
                    categories=("channel", "region", "department")),
            Dataset("citizen_requests_ru", "citizen_requests_ru.csv", partial(generate, language="ru"),
                    categories=("channel", "region", "department"))]
