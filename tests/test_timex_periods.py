"""Days of the month written alone ("the 27th", "le 12", "no dia 15") and quarters and half-years
("au premier trimestre", "1분기", "上半年"), through the pure Python API, in every supported language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


def times(extractor: Extractor, text: str, language: str, published: date):
    article = ArticleInput(text=text, source="t.txt", language=language, published_at=published)
    return extractor.extract(article).time_expressions


def value_of(extractor: Extractor, text: str, language: str, published: date, expression: str):
    hits = [t for t in times(extractor, text, language, published) if expression in t.text]
    assert hits, f"{expression!r} not found in {text!r}"
    value = hits[0].value
    assert value is not None
    return value.start.isoformat(), value.end.isoformat()


@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "expected"),
    [
        # the latest such day on or before the document date: 27 February, written on 13 March
        (
            "en",
            "Investigators did not establish until the 27th that files were taken.",
            date(2025, 3, 13),
            "27th",
            "2025-02-27",
        ),
        ("en", "The board will vote on the 15th, the chairman said.", date(2025, 3, 13), "15th", "2025-03-15"),
        ("en", "Prices rose on the 3rd of last month, officials said.", date(2025, 3, 13), "3rd", "2025-02-03"),
        (
            "fr",
            "Un industriel aurait visité l'usine le 12 en vue d'une reprise.",
            date(2026, 1, 22),
            "le 12",
            "2026-01-12",
        ),
        ("fr", "La grève a commencé le 12 dernier, selon le syndicat.", date(2026, 1, 8), "le 12", "2025-12-12"),
        ("fr", "Le vote aura lieu le 12 prochain à Paris.", date(2026, 1, 22), "le 12", "2026-02-12"),
        ("es", "Un primer conato ya fue sofocado el día 3 por los bomberos.", date(2025, 8, 14), "día 3", "2025-08-03"),
        ("es", "El Gobierno aprobó el pasado día 3 el decreto.", date(2025, 8, 14), "día 3", "2025-08-03"),
        ("es", "La reunión será el próximo día 3, informó el ministerio.", date(2025, 8, 14), "día 3", "2025-09-03"),
        (
            "it",
            "L'Atalanta aveva presentato una prima offerta il 9, respinta.",
            date(2025, 7, 16),
            "il 9",
            "2025-07-09",
        ),
        ("it", "Il decreto è stato firmato il 12 scorso dal ministro.", date(2025, 7, 6), "il 12", "2025-06-12"),
        (
            "pt",
            "O presidente vai reunir-se com a empresa no dia 15 para discutir alternativas.",
            date(2026, 6, 3),
            "dia 15",
            "2026-06-15",
        ),
        ("pt", "A greve começou no último dia 15, segundo o sindicato.", date(2026, 6, 3), "dia 15", "2026-05-15"),
        ("de", "Am 12. wurde der Vertrag in Berlin unterzeichnet.", date(2025, 8, 29), "12.", "2025-08-12"),
        ("ru", "Встреча состоялась 12-го числа в Москве.", date(2025, 8, 29), "12-го", "2025-08-12"),
        ("ru", "Договор подписали 12-го марта.", date(2025, 8, 29), "12-го марта", "2025-03-12"),
        ("uk", "Зустріч відбулася 12-го числа у Києві.", date(2025, 8, 29), "12-го", "2025-08-12"),
        ("vi", "Ngày 12, Bộ Y tế cho biết đã ghi nhận thêm ca bệnh.", date(2025, 8, 29), "Ngày 12", "2025-08-12"),
        ("vi", "Hội nghị sẽ diễn ra vào ngày 30 tới tại Hà Nội.", date(2025, 8, 29), "ngày 30", "2025-08-30"),
        ("id", "Kebakaran terjadi pada tanggal 12 lalu di Jakarta.", date(2025, 8, 29), "tanggal 12", "2025-08-12"),
        ("ar", "أعلنت الوزارة في السادس من الشهر الجاري عن خطة جديدة.", date(2025, 3, 20), "السادس", "2025-03-06"),
        ("ar", "وقع الاتفاق في الثاني عشر من الشهر الماضي.", date(2025, 3, 20), "الثاني عشر", "2025-02-12"),
        ("ko", "경찰은 지난 3일 용의자를 체포했다고 밝혔다.", date(2025, 8, 29), "3일", "2025-08-03"),
        ("ko", "구단은 오는 10일 입단식을 연다.", date(2025, 8, 29), "10일", "2025-09-10"),
        ("ja", "同社は25日、新製品を発表した。", date(2025, 8, 29), "25日", "2025-08-25"),
        ("ja", "首相は今月5日に訪米した。", date(2025, 8, 29), "5日", "2025-08-05"),
        ("zh", "该公司25日发布公告。", date(2025, 8, 29), "25日", "2025-08-25"),
    ],
)
def test_a_day_of_the_month_alone_is_the_latest_such_day_or_the_coming_one(
    extractor, language, text, published, expression, expected
):
    start, end = value_of(extractor, text, language, published, expression)
    assert start == expected
    assert date.fromisoformat(end) == date.fromisoformat(expected) + timedelta(days=1)


@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "expected"),
    [
        (
            "en",
            "Sales fell 4% in the first quarter of 2025, the company said.",
            date(2025, 8, 1),
            "first quarter",
            ("2025-01", "2025-04"),
        ),
        (
            "en",
            "Revenue in Q3 2024 beat forecasts, analysts said.",
            date(2025, 8, 1),
            "Q3 2024",
            ("2024-07", "2024-10"),
        ),
        (
            "en",
            "Growth slowed in the fourth quarter, the ministry said.",
            date(2025, 8, 1),
            "fourth quarter",
            ("2024-10", "2025-01"),
        ),
        (
            "en",
            "Exports rose in the first half of the year, officials said.",
            date(2025, 8, 1),
            "first half",
            ("2025-01", "2025-07"),
        ),
        (
            "en",
            "Profit doubled from last quarter, the bank said.",
            date(2025, 8, 1),
            "last quarter",
            ("2025-04", "2025-07"),
        ),
        (
            "de",
            "Der Umsatz sank im ersten Quartal um 3 Prozent.",
            date(2025, 8, 1),
            "ersten Quartal",
            ("2025-01", "2025-04"),
        ),
        (
            "de",
            "Im zweiten Halbjahr 2024 stieg der Absatz.",
            date(2025, 8, 1),
            "zweiten Halbjahr",
            ("2024-07", "2025-01"),
        ),
        (
            "fr",
            "Le chiffre d'affaires a reculé au premier trimestre, selon le groupe.",
            date(2025, 8, 1),
            "premier trimestre",
            ("2025-01", "2025-04"),
        ),
        (
            "fr",
            "Au second semestre 2024, les ventes ont progressé.",
            date(2025, 8, 1),
            "second semestre",
            ("2024-07", "2025-01"),
        ),
        (
            "es",
            "El PIB creció un 0,6% en el primer trimestre, según el INE.",
            date(2025, 8, 1),
            "primer trimestre",
            ("2025-01", "2025-04"),
        ),
        (
            "it",
            "Il fatturato è sceso nel primo trimestre, ha detto l'azienda.",
            date(2025, 8, 1),
            "primo trimestre",
            ("2025-01", "2025-04"),
        ),
        (
            "pt",
            "A empresa registou lucro no primeiro trimestre, segundo o comunicado.",
            date(2026, 6, 3),
            "primeiro trimestre",
            ("2026-01", "2026-04"),
        ),
        (
            "ru",
            "В первом квартале ВВП вырос на 1,4%, сообщил Росстат.",
            date(2025, 8, 1),
            "первом квартале",
            ("2025-01", "2025-04"),
        ),
        (
            "ru",
            "В первом полугодии 2024 года выпуск снизился.",
            date(2025, 8, 1),
            "первом полугодии",
            ("2024-01", "2024-07"),
        ),
        (
            "uk",
            "У першому кварталі експорт зріс, повідомило міністерство.",
            date(2025, 8, 1),
            "першому кварталі",
            ("2025-01", "2025-04"),
        ),
        (
            "ar",
            "نما الاقتصاد في الربع الأول من العام الجاري بنسبة 2%.",
            date(2025, 8, 1),
            "الربع الأول",
            ("2025-01", "2025-04"),
        ),
        ("zh", "一季度国内生产总值同比增长5.4%。", date(2025, 8, 1), "一季度", ("2025-01", "2025-04")),
        ("zh", "今年上半年公司实现营业收入52.3亿元。", date(2025, 8, 29), "上半年", ("2025-01", "2025-07")),
        ("zh", "去年四季度出口下降。", date(2025, 8, 1), "四季度", ("2024-10", "2025-01")),
        ("ja", "1～3月期の国内総生産は年率で2.1%増えた。", date(2025, 8, 1), "月期", ("2025-01", "2025-04")),
        ("ja", "今年の第1四半期の売上高は増えた。", date(2025, 8, 1), "四半期", ("2025-01", "2025-04")),
        ("ja", "上半期の訪日客数は過去最多だった。", date(2025, 8, 1), "上半期", ("2025-01", "2025-07")),
        ("ko", "삼성전자는 1분기 영업이익이 늘었다고 밝혔다.", date(2025, 8, 1), "1분기", ("2025-01", "2025-04")),
        ("ko", "지난해 4분기 수출이 줄었다.", date(2025, 8, 1), "4분기", ("2024-10", "2025-01")),
        ("ko", "올해 상반기 판매가 증가했다.", date(2025, 8, 1), "상반기", ("2025-01", "2025-07")),
        ("vi", "GDP quý I/2025 tăng 6,9%, theo Tổng cục Thống kê.", date(2025, 8, 1), "quý I", ("2025-01", "2025-04")),
        ("vi", "Xuất khẩu 6 tháng đầu năm tăng mạnh.", date(2025, 8, 1), "6 tháng đầu năm", ("2025-01", "2025-07")),
        (
            "id",
            "Ekonomi tumbuh 5,1% pada kuartal pertama, kata BPS.",
            date(2025, 8, 1),
            "kuartal pertama",
            ("2025-01", "2025-04"),
        ),
        ("id", "Penjualan naik pada semester I 2024.", date(2025, 8, 1), "semester I", ("2024-01", "2024-07")),
    ],
)
def test_quarters_and_halves_are_intervals_of_months(extractor, language, text, published, expression, expected):
    start, end = value_of(extractor, text, language, published, expression)
    assert (start[:7], end[:7]) == expected
    assert start.endswith("-01") and end.endswith("-01")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "He finished in the 3rd round with 12 points, on page 27 of Article 12."),
        ("en", "On the 3rd, 4th and 5th floors the fire spread, and the score was 2-1."),
        ("en", "It was the worst crash of the 21st century, on the 3rd and final day."),
        ("en", "The team scored 30 points in the fourth quarter of the game, in the first half of the match."),
        ("en", "The Audi Q4 e-tron went on sale; FAQ Q1: what is it?"),
        ("fr", "Il habite le 12e arrondissement et regarde le 20 heures, le 49.3 et le 12 % des votants."),
        ("fr", "Le score était de le 12 à 0; les 12 personnes; au premier trimestre de grossesse."),
        ("es", "Era el día 3 de la guerra y el 3 % de los votos; el primer trimestre del embarazo."),
        ("it", "Il 9 per cento dei tifosi vuole il 9 dell'Atalanta; il 9, il 10 e l'11 giugno."),
        ("pt", "O pagamento cai no dia 15 de cada mês; o dia 1 da guerra."),
        ("de", "Am 3. Spieltag und am 12. ordentlichen Parteitag; am 3. und letzten Tag. Er landete am 12."),
        ("ru", "Депутаты 12-го созыва и 12-го округа; 12 человек."),
        ("uk", "Депутати 12-го скликання; 12 людей."),
        ("vi", "Uống thuốc mỗi ngày 2 lần, tối 12 giờ; ngày 2 của hội nghị."),
        ("id", "Semester pertama di sekolah; tanggal 12 dari daftar."),
        ("ar", "قتل 12 شخصا في الربع الأول من القرن وفي النصف الأول من المباراة."),
        ("zh", "前三季度营收增长，地铁3号线延长。"),
        ("ja", "2025年度上半期は前四半期比で増え、4四半期連続の増益だった。"),
        ("ko", "1분기점을 지나 3분기 연속 적자를 냈다."),
    ],
)
def test_ordinals_counts_and_sports_periods_are_not_days_or_quarters(extractor, language, text):
    found = times(extractor, text, language, date(2025, 8, 29))
    assert not [t.text for t in found if t.kind in ("day_of_month", "quarter", "half")]


def test_a_full_date_is_read_once(extractor):
    found = times(extractor, "Le contrat a été signé le 12 juillet, a dit le ministre.", "fr", date(2025, 8, 29))
    assert [(t.text, t.kind) for t in found] == [("le 12 juillet", "partial")]


ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@settings(max_examples=150, deadline=None)
@given(
    dct=st.dates(date(1995, 1, 1), date(2035, 12, 31)),
    day=st.integers(1, 31),
    form=st.sampled_from(
        [
            ("en", "Officials confirmed on the {d}{sfx} that the plant closed."),
            ("fr", "L'usine a fermé le {d}, a indiqué la direction."),
            ("es", "La planta cerró el día {d}, informó la empresa."),
            ("it", "Lo stabilimento ha chiuso il {d}, ha detto l'azienda."),
            ("pt", "A fábrica fechou no dia {d}, disse a empresa."),
            ("ru", "Завод закрылся {d}-го числа, сообщила компания."),
            ("vi", "Ngày {d}, nhà máy đóng cửa."),
            ("id", "Pabrik tutup pada tanggal {d}, kata perusahaan."),
        ]
    ),
)
def test_a_day_alone_resolves_to_that_day_on_or_before_the_document_date(extractor, dct, day, form):
    language, template = form
    sfx = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
    found = [t for t in times(extractor, template.format(d=day, sfx=sfx), language, dct) if t.kind == "day_of_month"]
    assert len(found) == 1
    value = found[0].value
    if value is None:  # a 31st that no month of the last three has
        assert day > 28
        return
    assert value.start.day == day and value.end == value.start + timedelta(days=1)
    assert value.start <= dct and (dct - value.start).days < 92


@settings(max_examples=100, deadline=None)
@given(dct=st.dates(date(1995, 1, 1), date(2035, 12, 31)), day=st.integers(1, 28))
def test_a_day_with_a_future_marker_comes_after_the_document_date(extractor, dct, day):
    found = [
        t for t in times(extractor, f"La reunión será el próximo día {day}.", "es", dct) if t.kind == "day_of_month"
    ]
    assert len(found) == 1 and found[0].value is not None
    assert found[0].value.start.day == day and dct < found[0].value.start <= dct + timedelta(days=62)


@settings(max_examples=150, deadline=None)
@given(
    dct=st.dates(date(1995, 1, 1), date(2035, 12, 31)),
    year=st.integers(1990, 2030),
    quarter=st.integers(1, 4),
    form=st.sampled_from(
        [
            ("en", "Sales rose in Q{q} {y}, the company said."),
            ("en", "Sales rose in the {o} quarter of {y}, the company said."),
            ("de", "Der Umsatz stieg im {q}. Quartal {y}."),
            ("zh", "{y}年第{q}季度销售增长。"),
            ("ko", "{y}년 {q}분기 매출이 늘었다."),
            ("vi", "Doanh thu quý {q}/{y} tăng."),
        ]
    ),
)
def test_a_quarter_of_a_year_is_its_three_months(extractor, dct, year, quarter, form):
    language, template = form
    text = template.format(q=quarter, y=year, o=ORDINALS[quarter])
    found = [t for t in times(extractor, text, language, dct) if t.kind == "quarter"]
    assert len(found) == 1 and found[0].value is not None
    first = date(year, 3 * quarter - 2, 1)
    assert found[0].value.start == first
    assert found[0].value.end == (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1))


@settings(max_examples=150, deadline=None)
@given(
    dct=st.dates(date(1995, 1, 1), date(2035, 12, 31)),
    number=st.integers(1, 4),
    form=st.sampled_from(
        [
            (
                "quarter",
                "fr",
                "Les ventes ont progressé au {o} trimestre.",
                {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième"},
            ),
            ("quarter", "ru", "Выпуск вырос в {o} квартале.", {1: "первом", 2: "втором", 3: "третьем", 4: "четвертом"}),
            ("quarter", "ja", "{o}月期の売上高は増えた。", {1: "1～3", 2: "4～6", 3: "7～9", 4: "10～12"}),
            ("half", "ko", "{o}반기 판매가 늘었다.", {1: "상", 2: "하"}),
            ("half", "zh", "{o}半年销售增长。", {1: "上", 2: "下"}),
        ]
    ),
)
def test_a_quarter_or_half_without_a_year_is_the_latest_begun_by_the_document_date(extractor, dct, number, form):
    kind, language, template, words = form
    if number not in words:
        return
    found = [t for t in times(extractor, template.format(o=words[number]), language, dct) if t.kind == kind]
    assert len(found) == 1 and found[0].value is not None
    value = found[0].value
    months = 3 if kind == "quarter" else 6
    assert value.start.month == (number - 1) * months + 1 and value.start.day == 1
    assert value.start <= dct < date(value.start.year + 1, value.start.month, 1)


@settings(max_examples=150, deadline=None)
@given(
    whole=st.integers(1, 31),
    rest=st.integers(0, 999),
    sep=st.sampled_from([",", ".", "-", "/", ":"]),
    form=st.sampled_from(
        [
            ("fr", "Le taux est passé à le {n}, selon l'Insee."),
            ("it", "Il tasso è il {n} secondo l'Istat."),
            ("es", "El índice marcó el día {n} puntos."),
            ("en", "The index hit on the {n}th level."),
            ("vi", "Chỉ số ngày {n} điểm."),
            ("id", "Indeks pada tanggal {n} poin."),
        ]
    ),
)
def test_numbers_with_separators_are_never_days(extractor, whole, rest, sep, form):
    language, template = form
    number = f"{whole}{sep}{rest}"
    found = times(extractor, template.format(n=number), language, date(2025, 8, 29))
    assert not [t.text for t in found if t.kind == "day_of_month"]


@pytest.mark.parametrize(
    ("language", "text", "expression", "year"),
    [
        (
            "es",
            "Los socialistas gobernaban hace cuatro años en la mayoría de las provincias.",
            "hace cuatro años",
            2022,
        ),
        ("id", "Harga beras naik dua tahun lalu, kata pejabat.", "dua tahun lalu", 2024),
        ("de", "Das Werk wurde vor drei Jahren geschlossen.", "vor drei Jahren", 2023),
        ("fr", "L'usine a fermé il y a trois ans, selon le maire.", "il y a trois ans", 2023),
        ("ru", "Завод закрыли два года назад.", "два года назад", 2024),
        ("ar", "أغلق المصنع قبل 3 سنوات.", "قبل 3 سنوات", 2023),
        ("ja", "工場は3年前に閉鎖された。", "3年前", 2023),
        ("ko", "공장은 3년 전 문을 닫았다.", "3년 전", 2023),
    ],
)
def test_n_units_ago_counts_back_from_the_document_date(extractor, language, text, expression, year):
    start, end = value_of(extractor, text, language, date(2026, 4, 9), expression)
    assert (start, end) == (f"{year}-01-01", f"{year + 1}-01-01")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Inflation is at its lowest in 20 years, the bank said."),
        ("fr", "Il y a 3 m de neige au sommet."),
        ("id", "Proyek itu selesai dalam 3 minggu kerja."),
        ("ja", "参加者は10年前後の経験を持つ。"),
        ("ar", "وصل الوفد قبل 3 أيام من الانتخابات."),
        ("vi", "Ông rời nhiệm sở 3 năm trước khi nghỉ hưu."),
    ],
)
def test_spans_and_counts_from_another_event_are_not_ago(extractor, language, text):
    found = times(extractor, text, language, date(2026, 4, 9))
    assert not [t.text for t in found if t.kind == "relative" and any(ch.isdigit() for ch in t.text)]


@pytest.mark.parametrize(
    ("language", "text", "expression", "expected"),
    [
        ("ru", "Соглашение подписали в июне 2024 года в Москве.", "в июне 2024 года", ("2024-06-01", "2024-07-01")),
        ("ru", "Цены выросли в июле, сообщил Росстат.", "в июле", ("2025-07-01", "2025-08-01")),
        ("ru", "Завод остановили в мае, сообщила компания.", "в мае", ("2025-05-01", "2025-06-01")),
        ("de", "Die Polizei nahm am Dienstagmorgen zwei Männer fest.", "Dienstagmorgen", ("2025-08-26", "2025-08-27")),
        (
            "it",
            "Nel giugno scorso i due leader avevano firmato un trattato.",
            "Nel giugno",
            ("2025-06-01", "2025-07-01"),
        ),
        ("es", "Las ventas cayeron el pasado mes de enero.", "mes de enero", ("2025-01-01", "2025-02-01")),
        ("ar", "ستبدأ المحادثات الشهر المقبل في القاهرة.", "الشهر المقبل", ("2025-09-01", "2025-10-01")),
    ],
)
def test_month_and_weekday_forms_news_uses(extractor, language, text, expression, expected):
    assert value_of(extractor, text, language, date(2025, 8, 29), expression) == expected


@pytest.mark.parametrize(
    ("language", "text", "expression", "expected"),
    [
        ("en", "Prices rose 8% over the past year, the agency said.", "past year", ("2024-08-29", "2025-08-29")),
        ("it", "Nell'ultimo anno il fatturato è cresciuto del 12%.", "ultimo anno", ("2024-08-29", "2025-08-29")),
        ("es", "En el último año los precios subieron un 8%.", "último año", ("2024-08-29", "2025-08-29")),
        ("pt", "No último ano as vendas caíram 5%.", "último ano", ("2024-08-29", "2025-08-29")),
        ("ru", "За последний год цены выросли на 8%.", "последний год", ("2024-08-29", "2025-08-29")),
        (
            "uk",
            "Це найкраща пропозиція, яку ми отримали за останній місяць.",
            "останній місяць",
            ("2025-07-29", "2025-08-29"),
        ),
    ],
)
def test_the_past_year_or_month_without_a_number_is_one_unit_up_to_the_document_date(
    extractor, language, text, expression, expected
):
    assert value_of(extractor, text, language, date(2025, 8, 29), expression) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Sales rose over the past years, the company said."),
        ("it", "Nell'ultimo anno di governo il ministro ha lasciato."),
        ("es", "En el último mes de mandato firmó el decreto."),
    ],
)
def test_the_last_year_of_something_is_no_span_up_to_now(extractor, language, text):
    assert not [t for t in times(extractor, text, language, date(2025, 8, 29)) if t.kind == "duration"]


# N units ending with a month: the latest such month that has begun by the document date closes the period
@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "expected"),
    [
        (
            "en",
            "Rents rose 6% in the 12 months to October, the agency said.",
            date(2025, 11, 20),
            "12 months",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "en",
            "Exports fell in the year to June, officials said.",
            date(2025, 2, 3),
            "year to June",
            ("2023-07-01", "2024-07-01"),
        ),
        (
            "pt",
            "O IPCA acumulou 5% nos 12 meses encerrados em outubro.",
            date(2025, 11, 20),
            "12 meses",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "es",
            "Los alquileres subieron en los 12 meses hasta octubre.",
            date(2025, 11, 20),
            "12 meses",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "de",
            "Die Mieten stiegen in den zwölf Monaten bis Oktober.",
            date(2025, 11, 20),
            "Monaten",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "fr",
            "Les loyers ont augmenté sur les 12 mois jusqu'à octobre.",
            date(2025, 11, 20),
            "12 mois",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "it",
            "Gli affitti sono saliti nei 12 mesi fino a ottobre.",
            date(2025, 11, 20),
            "12 mesi",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "ru",
            "Аренда подорожала на 6% за 12 месяцев по октябрь.",
            date(2025, 11, 20),
            "12 месяцев",
            ("2024-11-01", "2025-11-01"),
        ),
        (
            "uk",
            "Оренда подорожчала на 6% за 12 місяців по жовтень.",
            date(2025, 11, 20),
            "12 місяців",
            ("2024-11-01", "2025-11-01"),
        ),
    ],
)
def test_a_period_ending_with_a_month(extractor, language, text, published, expression, expected):
    assert value_of(extractor, text, language, published, expression) == expected


@pytest.mark.parametrize(
    ("language", "text", "absent"),
    [
        ("en", "In the last year of his presidency, he signed the treaty, aides said.", "last year"),
        ("de", "Im letzten Jahr seiner Amtszeit unterzeichnete er das Abkommen, hieß es.", "letzten Jahr"),
        ("en", "The Hawks scored 31 points in the fourth quarter, the coach said.", "quarter"),
        ("de", "Im vierten Viertel erzielte das Team 30 Punkte, sagte der Trainer.", "Viertel"),
    ],
)
def test_a_year_or_quarter_of_something_else_is_no_time_of_the_calendar(extractor, language, text, absent):
    found = [t.text for t in times(extractor, text, language, date(2025, 6, 11))]
    assert not any(absent in t for t in found)


@pytest.mark.parametrize(
    ("language", "text", "expression", "expected"),
    [
        (
            "en",
            "Profit rose 5% in the fourth quarter, the company said.",
            "fourth quarter",
            ("2024-10-01", "2025-01-01"),
        ),
        ("en", "Prices rose last year, officials said.", "last year", ("2024-01-01", "2025-01-01")),
    ],
)
def test_the_same_words_about_the_calendar_are_still_read(extractor, language, text, expression, expected):
    assert value_of(extractor, text, language, date(2025, 6, 11), expression) == expected


@pytest.mark.parametrize(
    ("language", "text"), [("zh", "报告称17月份的数据有误。"), ("ko", '보고서는 "지난 14월 가뭄이 심했다"고 지적했다.')]
)
def test_a_number_above_twelve_before_the_month_sign_is_no_month(extractor, language, text):
    assert [t.text for t in times(extractor, text, language, date(2023, 4, 20))] == []


@pytest.mark.parametrize(
    ("language", "text", "expression"),
    [
        ("fr", "Le conseil municipal se réunira le 27 pour examiner le budget.", "le 27"),
        ("fr", "Les élus voteront le 27, a précisé la mairie.", "le 27"),
        ("es", "El pleno debatirá el plan de vivienda el día 27.", "el día 27"),
        ("it", "Il sindaco ha convocato un consiglio comunale aperto per il 27.", "il 27"),
        ("pt", "A assembleia votará o orçamento no dia 27.", "no dia 27"),
    ],
)
def test_a_day_alone_after_a_future_verb_is_the_coming_one(extractor, language, text, expression):
    """'se réunira le 27', 'debatirá el día 27' (written on 18 March): 27 March, not 27 February."""
    found = {t.text: t for t in times(extractor, text, language, date(2026, 3, 18))}
    key = next(k for k in found if k.endswith(expression.split()[-1]))
    assert found[key].value.start == date(2026, 3, 27)


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        ("同社の2024年度の売上高は増えた。", "2024年度", date(2024, 4, 1), date(2025, 4, 1)),
        ("今年度の赤字は過去最大になる見通しだ。", "今年度", date(2025, 4, 1), date(2026, 4, 1)),
        ("昨年度の利用者は減った。", "昨年度", date(2024, 4, 1), date(2025, 4, 1)),
        ("来年度から新制度に移行する。", "来年度", date(2026, 4, 1), date(2027, 4, 1)),
        ("2025年の決算は黒字だった。", "2025年", date(2025, 1, 1), date(2026, 1, 1)),
    ],
)
def test_a_japanese_fiscal_year_runs_from_april(extractor, text, expression, start, end):
    """'年度' is the fiscal year that begins in April (fiscal_year_start); '年' alone is the calendar year.
    Written on 19 February 2026, '今年度' is April 2025 to March 2026."""
    found = {t.text: t for t in times(extractor, text, "ja", date(2026, 2, 19))}
    value = found[expression].value
    assert (value.start, value.end) == (start, end)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("zh", "该案已于上周三召开庭前会议，本周三宣判，下周一执行。", ["2025-04-16", "2025-04-23", "2025-04-28"]),
        ("ja", "先週の水曜日に会見し、来週月曜日に発表する。", ["2025-04-16", "2025-04-28"]),
        ("ko", "지난주 수요일 회의를 열었고 다음 주 월요일에 발표한다.", ["2025-04-16", "2025-04-28"]),
    ],
)
def test_a_weekday_of_last_this_or_next_week_is_that_day(extractor, language, text, expected):
    """'上周三' written on Wednesday 23 April 2025 is Wednesday 16 April, not the week, nor the 23rd."""
    found = times(extractor, text, language, date(2025, 4, 23))
    assert [t.value.start.isoformat() for t in found] == expected
    assert all(t.value.end - t.value.start == timedelta(days=1) for t in found)


@pytest.mark.parametrize(
    ("language", "text", "expression", "month"),
    [
        ("zh", "截至2024年底，公司共有员工1200人。", "2024年底", date(2024, 12, 1)),
        ("zh", "去年底该厂停产。", "去年底", date(2024, 12, 1)),
        ("ko", "지난해 말 기준 인구는 12만 명이었다.", "지난해 말", date(2024, 12, 1)),
        ("ko", "올해 초 공장을 세웠다.", "올해 초", date(2025, 1, 1)),
        ("ja", "昨年末に工場を閉鎖した。", "昨年末", date(2024, 12, 1)),
        ("en", "By the end of last year the plant had closed.", "the end of last year", date(2024, 12, 1)),
        ("ru", "В конце прошлого года завод закрыли.", "конце прошлого года", date(2024, 12, 1)),
        ("ar", "ستنتهي الأعمال في نهاية العام الجاري.", "نهاية العام الجاري", date(2025, 12, 1)),
        ("fr", "Fin 2024, l'usine a fermé.", "Fin 2024", date(2024, 12, 1)),
        ("de", "Ende 2024 schloss das Werk.", "Ende 2024", date(2024, 12, 1)),
    ],
)
def test_the_end_or_start_of_a_year_is_its_last_or_first_month(extractor, language, text, expression, month):
    """'2024年底', '지난해 말', 'the end of last year': December of that year; '올해 초': its January."""
    found = {t.text: t for t in times(extractor, text, language, date(2025, 4, 23))}
    value = found[expression].value
    assert (value.start, value.granularity) == (month, "month")


@pytest.mark.parametrize(
    ("language", "text", "expression", "month"),
    [
        ("ru", "Срок сдачи — конец марта, сообщили в мэрии.", "конец марта", 3),
        ("uk", "З середини травня не випало жодного дощу.", "З середини травня", 5),
        ("ar", "وفي مطلع تموز انقطعت الكهرباء عن المدينة.", "مطلع تموز", 7),
    ],
)
def test_a_part_of_a_month_names_that_month(extractor, language, text, expression, month):
    """'конец марта', 'з середини травня', 'مطلع تموز' (a Levantine month name): the month itself."""
    found = {t.text.strip(): t for t in times(extractor, text, language, date(2025, 8, 20))}
    key = next(k for k in found if k.endswith(expression.split()[-1]))
    assert found[key].value.start.month == month and found[key].value.granularity == "month"


@pytest.mark.parametrize(
    ("language", "text", "expression"),
    [
        ("en", "Traffic has grown by 18% over the past decade, council figures show.", "over the past decade"),
        ("es", "En la última década la población cayó un 12%.", "En la última década"),
        ("pt", "Na última década as propinas subiram 15%.", "Na última década"),
        ("fr", "Au cours de la dernière décennie, la population a baissé.", "Au cours de la dernière décennie"),
        ("it", "Nell'ultimo decennio la popolazione è calata.", "Nell'ultimo decennio"),
        ("de", "Im vergangenen Jahrzehnt ist die Bevölkerung geschrumpft.", "Im vergangenen Jahrzehnt"),
        ("ru", "За последнее десятилетие население сократилось.", "За последнее десятилетие"),
        ("uk", "За останнє десятиліття населення скоротилося.", "За останнє десятиліття"),
        ("ar", "تراجع عدد السكان خلال العقد الماضي بنسبة 12%.", "خلال العقد الماضي"),
    ],
)
def test_the_past_decade_is_the_ten_years_up_to_the_document_date(extractor, language, text, expression):
    found = {t.text: t for t in times(extractor, text, language, date(2025, 5, 21))}
    value = found[expression].value
    assert (value.start, value.end) == (date(2015, 5, 21), date(2025, 5, 21))


@pytest.mark.parametrize(
    ("language", "text", "expression", "start"),
    [
        ("es", "El plan se aprobará el año que viene, dijo el alcalde.", "el año que viene", date(2026, 1, 1)),
        ("pt", "O plano será votado no ano que vem, disse o prefeito.", "no ano que vem", date(2026, 1, 1)),
        ("it", "La prossima settimana il consiglio decide.", "La prossima settimana", date(2025, 5, 26)),
        ("de", "Im Vorjahr waren es noch 12 Prozent.", "Im Vorjahr", date(2024, 1, 1)),
        ("fr", "L'an prochain, la taxe augmentera.", "L'an prochain", date(2026, 1, 1)),
        ("zh", "项目预计下月中旬开工。", "下月中旬", date(2025, 6, 1)),
    ],
)
def test_next_and_previous_periods_in_words(extractor, language, text, expression, start):
    """'el año que viene', 'no ano que vem', 'la prossima settimana', 'im Vorjahr', '下月中旬' (21 May 2025)."""
    found = {t.text: t for t in times(extractor, text, language, date(2025, 5, 21))}
    assert found[expression].value.start == start


@pytest.mark.parametrize(
    ("language", "text", "expression", "start"),
    [
        (
            "en",
            "The airline expects demand to recover in the second quarter.",
            "in the second quarter",
            date(2026, 4, 1),
        ),
        ("ru", "Компания планирует запустить линию во втором квартале.", "во втором квартале", date(2026, 4, 1)),
        (
            "es",
            "La empresa prevé contratar a 200 personas en el segundo semestre.",
            "el segundo semestre",
            date(2026, 7, 1),
        ),
        ("en", "Sales fell in the fourth quarter, the company said.", "in the fourth quarter", date(2025, 10, 1)),
    ],
)
def test_a_quarter_or_half_in_a_sentence_about_the_future_is_the_coming_one(
    extractor, language, text, expression, start
):
    """Written on 28 January 2026: a plan for 'the second quarter' is April-June 2026; a report on 'the
    fourth quarter' is October-December 2025."""
    found = {t.text: t for t in times(extractor, text, language, date(2026, 1, 28))}
    key = next(k for k in found if expression.endswith(k) or k.endswith(expression))
    assert found[key].value.start == start


@pytest.mark.parametrize(
    ("language", "text", "expression", "start"),
    [
        ("ko", "올해 1~3월 인구는 줄었다.", "올해 1~3월", date(2025, 1, 1)),
        ("ko", "2024년 4~6월에는 늘었다.", "2024년 4~6월", date(2024, 4, 1)),
        ("zh", "1-3月份销量下降。", "1-3月份", date(2025, 1, 1)),
    ],
)
def test_a_quarter_written_as_its_months_is_that_quarter(extractor, language, text, expression, start):
    """'1~3월', '1-3月份': January to March, not March alone (written on 17 April 2025)."""
    found = {t.text: t for t in times(extractor, text, language, date(2025, 4, 17))}
    value = found[expression].value
    assert (value.start, value.end) == (start, date(start.year, start.month + 3, 1))


@pytest.mark.parametrize(
    ("language", "text", "expression", "day"),
    [
        ("es", "La obra empezó hace dos semanas.", "hace dos semanas", date(2024, 5, 30)),
        ("en", "It opened two weeks ago.", "two weeks ago", date(2024, 5, 30)),
        ("ru", "Две недели назад завод закрыли.", "Две недели назад", date(2024, 5, 30)),
        ("ar", "بدأ العمل منذ أسبوعين في المصنع.", "منذ أسبوعين", date(2024, 5, 30)),
        ("ar", "توقف العمل قبل يومين في المصنع.", "قبل يومين", date(2024, 6, 11)),
    ],
)
def test_weeks_ago_is_a_day_and_arabic_duals_count_two(extractor, language, text, expression, day):
    """'two weeks ago' (13 June 2024) is 30 May, a day; 'منذ أسبوعين' is the dual of 'week': two weeks."""
    found = {t.text: t for t in times(extractor, text, language, date(2024, 6, 13))}
    value = found[expression].value
    assert (value.start, value.end) == (day, day + timedelta(days=1))


def test_last_week_is_still_a_week(extractor):
    found = {t.text: t for t in times(extractor, "The plant closed last week.", "en", date(2024, 6, 13))}
    value = found["last week"].value
    assert (value.start, value.end, value.granularity) == (date(2024, 6, 3), date(2024, 6, 10), "week")


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("en", "The plant closed last Thursday.", date(2025, 2, 6)),
        ("ru", "В прошлый четверг завод закрыли.", date(2025, 2, 6)),
        ("fr", "L'usine a fermé jeudi dernier.", date(2025, 2, 6)),
        ("es", "La planta cerró el pasado jueves.", date(2025, 2, 6)),
        ("de", "Das Werk schloss am vergangenen Donnerstag.", date(2025, 2, 6)),
        ("en", "The plant closed on Thursday.", date(2025, 2, 13)),
        ("en", "The plant closed last Monday.", date(2025, 2, 10)),
    ],
)
def test_last_weekday_on_that_weekday_is_a_week_back(extractor, language, text, day):
    """Written on Thursday 13 February 2025: 'last Thursday' is the 6th; 'on Thursday' may be the day itself."""
    found = [t for t in times(extractor, text, language, date(2025, 2, 13)) if t.kind == "weekday"]
    assert [t.value.start for t in found] == [day]
