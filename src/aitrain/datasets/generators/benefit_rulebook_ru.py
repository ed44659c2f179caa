# ruff: noqa: E501  (each rule and heading reads best on one line)
"""The Russian edition of the benefits rulebook (module 16): the same 300 passages, citations and question types
as benefit_rulebook.py, written as a ministry's rules read in Russian.

The programmes' texts are in aitrain/data/benefit_rulebook_ru.yaml; the numbers (days, amounts' dates) are the
English edition's. A programme's name is declined: `forms` gives it in the nominative, genitive, dative,
accusative and prepositional cases, which the paragraphs and headings below use as {nom}, {gen}, {dat}, {acc},
{prep} ({Nom}: capitalised).
"""

from importlib import resources

import yaml

_TEXTS = yaml.load(resources.files("aitrain").joinpath("data", "benefit_rulebook_ru.yaml").read_text(encoding="utf-8"),
                   Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
PROGRAMMES = _TEXTS["programmes"]
GENERAL = {number: (heading, text) for number, heading, text in _TEXTS["general"]}
GENERAL_PROGRAMME = "Общие положения"
COUNTRY = {"gen": "Веридии", "prep": "Веридии"}
# Agency and ministry as the Russian rules name them.
PAYER = "Выплату от имени Министерства труда и социальной защиты осуществляет Государственное агентство социальных выплат."

HEADINGS = {
    (1, 1): "Что такое {nom} и кому положена эта выплата?",
    (2, 1): "Может ли иностранец получать {acc}? Гражданство, вид на жительство и прописка",
    (2, 2): "Кто может получать {acc}? Основное условие",
    (2, 3): "Какие ещё условия установлены для назначения {gen}?",
    (2, 4): "Кому не назначается {nom}?",
    (3, 1): "Каков размер {gen}? Сумма в сомах",
    (3, 2): "Есть ли надбавки к {dat}?",
    (3, 3): "Повышается ли {nom} каждый год? Индексация с учётом инфляции",
    (3, 4): "Можно ли получать {acc} вместе с другими пособиями?",
    (4, 1): "Куда и как подать заявление на {acc}? Через интернет или в отделе",
    (4, 2): "Может ли родственник подать заявление на {acc} за меня? Кто подаёт заявление",
    (4, 3): "В какой срок подать заявление на {acc}? Опоздание и выплата за прошедшие месяцы",
    (5, 1): "Какие документы нужны для назначения {gen}?",
    (5, 2): "Какие справки не нужно приносить для назначения {gen}? Отдел запрашивает их сам",
    (6, 1): "За сколько дней принимается решение о {prep}?",
    (6, 2): "Как я узнаю о решении по {dat}? СМС, письмо и причины отказа",
    (7, 1): "В какой день выплачивается {nom}? Выплата не пришла",
    (7, 2): "{Nom} перечисляется на банковскую карту или выдаётся наличными на почте?",
    (7, 3): "Как долго выплачивается {nom}? Нужно ли продлевать выплату?",
    (8, 1): "О каких изменениях должен сообщать получатель {gen}?",
    (8, 2): "Почему выплата {gen} прекращена или приостановлена?",
    (8, 3): "Нужно ли возвращать {acc}, если выплатили слишком много?",
    (9, 1): "Как обжаловать решение по {dat}? Я не согласен с отказом",
    (9, 2): "Куда жаловаться по {dat}, если пересмотр не помог? Омбудсмен, суд и выплата на время обжалования",
}


def days(n: int) -> str:
    """`n` with the word «день» in the form Russian grammar gives the number (1 день, 3 дня, 10 дней)."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} день"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} дня"
    return f"{n} дней"


def forms(code: str) -> dict[str, str]:
    """A programme's name in the cases the paragraphs use, and capitalised ({Nom})."""
    nom, gen, dat, acc, prep = PROGRAMMES[code]["forms"]
    return {"nom": nom, "gen": gen, "dat": dat, "acc": acc, "prep": prep, "Nom": nom[0].upper() + nom[1:]}


def name(code: str) -> str:
    """The programme's name as the rulebook's `programme` column writes it."""
    return forms(code)["Nom"]


def heading(code: str, article: int, paragraph: int) -> str:
    return HEADINGS[(article, paragraph)].format(**forms(code))


def rule(code: str, numbers: dict, article: int, paragraph: int) -> str:
    """The text of one paragraph of a programme's rules; `numbers` are the English programme's fields (its days
    and whether it is paid monthly)."""
    p, f = PROGRAMMES[code], forms(code)
    monthly = numbers["kind"] == "monthly"
    texts = {
        (1, 1): f"{f['Nom']} — {p['purpose']}. {PAYER}",
        (2, 1): f"Право на получение {f['gen']} имеет гражданин {COUNTRY['gen']} или лицо, имеющее вид на жительство, при условии регистрации по месту жительства в {COUNTRY['prep']}.",
        (2, 2): f"Основное условие назначения {f['gen']}: {p['elig_main']}.",
        (2, 3): f"Дополнительное условие назначения {f['gen']}: {p['elig_second']}.",
        (2, 4): f"Исключения при назначении {f['gen']}: {p['exclusion']}.",
        (3, 1): f"Размер: {p['amount']}." + (" Размер одинаков во всех регионах." if monthly else ""),
        (3, 2): f"Надбавка к {f['dat']}: {p['supplement']}.",
        (3, 3): f"Размеры {f['gen']} ежегодно индексируются с 1 января на величину роста потребительских цен за предыдущий год по данным Национального статистического комитета и округляются до 10 сомов.",
        (3, 4): f"Совмещение с другими пособиями: {p['combine']}.",
        (4, 1): f"Заявление о назначении {f['gen']} подаётся в районный отдел социальной защиты по месту регистрации заявителя, в любой центр обслуживания населения или через портал электронного правительства с электронной подписью.",
        (4, 2): f"Кто подаёт заявление о назначении {f['gen']}: {p['applicant']}.",
        (4, 3): f"Срок подачи заявления о назначении {f['gen']}: {p['deadline']}.",
        (5, 1): f"Документы для назначения {f['gen']}: {p['documents']}.",
        (5, 2): f"Сведения о регистрации по месту жительства, составе семьи, назначенных пенсиях и пособиях районный отдел получает сам из государственных реестров; заявитель на {f['acc']} не обязан представлять справки об этих сведениях.",
        (6, 1): f"Решение о назначении {f['gen']} районный отдел принимает в течение {numbers['decision_days']} рабочих дней со дня получения полного пакета документов. Если документа не хватает, отдел запрашивает его в течение 3 рабочих дней, и срок исчисляется заново со дня его поступления.",
        (6, 2): f"Решение о назначении {f['gen']} направляется заявителю в СМС и письмом. В решении об отказе указываются его причины и порядок обжалования.",
        (7, 1): (f"{f['Nom']} выплачивается ежемесячно, не позднее {numbers['pay_day']}-го числа, за текущий месяц." if monthly
                 else f"{f['Nom']} выплачивается в течение {numbers['pay_day']} рабочих дней после принятия решения."),
        (7, 2): f"{f['Nom']} перечисляется на банковскую карту, открытую на имя получателя, или по его заявлению выплачивается наличными в почтовом отделении.",
        (7, 3): f"Срок выплаты {f['gen']}: {p['duration']}.",
        (8, 1): f"Получатель {f['gen']} в течение {days(numbers['report_days'])} сообщает в районный отдел об изменениях: {p['report']}.",
        (8, 2): f"Приостановление и прекращение выплаты {f['gen']}: {p['suspend']}.",
        (8, 3): f"Сумма {f['gen']}, выплаченная без законных оснований, удерживается из последующих выплат (не более 20% каждой выплаты) или возвращается получателем. Если ошибку допустил отдел, сумма не взыскивается.",
        (9, 1): f"Лицо, не согласное с решением по {f['dat']}, вправе в течение {days(numbers['appeal_days'])} со дня получения решения обратиться в районный отдел с заявлением о его пересмотре. Заявление рассматривает должностное лицо, не принимавшее это решение, в течение 15 рабочих дней.",
        (9, 2): f"Если пересмотр не разрешил вопрос, решение по {f['dat']} можно обжаловать в течение 30 дней в областном управлении социальной защиты, а также у Омбудсмена или в административном суде. На время обжалования выплата продолжается.",
    }
    return texts[(article, paragraph)]


def keywords(code: str) -> str:
    """The search words of every passage of a programme: its everyday names and all local names but the last one
    (as in the English edition, the one nobody thought of)."""
    p = PROGRAMMES[code]
    return ", ".join([*p["everyday"], *p["local"][:-1]])
