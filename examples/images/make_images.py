"""Draw the example articles' illustrations (maps, charts, drawings) with Pillow.

Run once from anywhere: ``python examples/images/make_images.py``. The images are
committed; this script only documents how they were made and rebuilds them. All data
shown is invented for the fictional state of Beispielland.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
FLAWED = HERE.parent / "flawed" / "images"
# Drawn at twice the size, then scaled down: Pillow's shapes have no anti-aliasing.
SCALE = 2
Point = tuple[float, float]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

INK = "#1F2933"
PAPER = "#F6F3EC"
TEAL_DARK = "#1D5F73"
TEAL = "#2F8A8F"
COVERAGE_CLASSES = [
    ("unter 50 %", "#FBE3A1", INK),
    ("50 bis 70 %", "#A8D8B9", INK),
    ("70 bis 85 %", "#4FA59A", INK),
    ("über 85 %", TEAL_DARK, "#FFFFFF"),
]


def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans if installed, else Pillow's built-in scalable font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size * SCALE)
    except OSError:
        return ImageFont.load_default(size * SCALE)


def canvas(width: int, height: int, colour: str = PAPER) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width * SCALE, height * SCALE), colour)
    return image, ImageDraw.Draw(image)


def s(points: Sequence[Point]) -> list[Point]:
    """Scale design coordinates to the supersampled canvas."""
    return [(x * SCALE, y * SCALE) for x, y in points]


def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE)


def text(draw: ImageDraw.ImageDraw, xy: Point, value: str, size: int, **options: object) -> None:
    bold = bool(options.pop("bold", False))
    draw.text((xy[0] * SCALE, xy[1] * SCALE), value, font=font(size, bold), **options)  # type: ignore[arg-type]


def save(image: Image.Image, path: Path, colours: int = 96) -> None:
    small = image.resize((image.width // SCALE, image.height // SCALE), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Flat drawings compress far better with a small palette.
    small.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )
    print(f"{path.relative_to(HERE.parent)}: {path.stat().st_size // 1024} KB")


# --- the district map -------------------------------------------------------------------


def border(a: Point, b: Point, steps: int = 6) -> list[Point]:
    """A wavy border from a to b; the same two ends always give the same line, either way round."""
    first, second = sorted([a, b])
    seed = (first[0] * 7 + first[1] * 13 + second[0] * 3 + second[1] * 5) % 17
    length = math.dist(first, second)
    nx, ny = (first[1] - second[1]) / length, (second[0] - first[0]) / length
    points = []
    for step in range(steps + 1):
        t = step / steps
        wobble = 9 * math.sin(math.pi * t) * math.sin(t * 9 + seed)
        points.append(
            (
                first[0] + (second[0] - first[0]) * t + nx * wobble,
                first[1] + (second[1] - first[1]) * t + ny * wobble,
            )
        )
    return points if (a, b) == (first, second) else points[::-1]


def outline(corners: Sequence[Point]) -> list[Point]:
    points: list[Point] = []
    for index, corner in enumerate(corners):
        points.extend(border(corner, corners[(index + 1) % len(corners)])[:-1])
    return points


def centroid(points: Sequence[Point]) -> Point:
    return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def district_map() -> None:
    """Six districts coloured by their share of households with gigabit access."""
    image, draw = canvas(1200, 675)
    p = {
        "A": (90, 130), "B": (260, 62), "C": (450, 84), "D": (610, 52), "E": (730, 160),
        "F": (705, 325), "G": (745, 475), "H": (625, 610), "I": (420, 632), "J": (245, 596),
        "K": (95, 520), "L": (58, 330), "M": (320, 280), "N": (470, 262), "O": (530, 372),
        "P": (405, 412), "Q": (300, 402),
    }  # fmt: skip
    districts = [
        ("Nordheide", "ABCNML", 48, (0, -10)),
        ("Talbach", "CDEFON", 61, (15, -10)),
        ("Westerfeld", "LMQK", 57, (-10, 0)),
        ("Beispielstadt", "MNOPQ", 92, (0, 0)),
        ("Obermoor", "FGHIPO", 39, (15, 10)),
        ("Südhang", "KQPIJ", 72, (0, 5)),
    ]
    for name, keys, share, (dx, dy) in districts:
        corners = [p[key] for key in keys]
        index = 0 if share < 50 else 1 if share < 70 else 2 if share < 85 else 3
        _, fill, ink = COVERAGE_CLASSES[index]
        draw.polygon(s(outline(corners)), fill=fill, outline="#FFFFFF", width=4 * SCALE)
        cx, cy = centroid(corners)
        label_font, value_font = font(19, bold=True), font(30, bold=True)
        for value, size_font, offset in ((name, label_font, -22), (f"{share} %", value_font, 14)):
            draw.text(
                ((cx + dx) * SCALE, (cy + dy + offset) * SCALE), value, font=size_font, fill=ink, anchor="mm"
            )
    text(draw, (640, 585), "N", 20, fill=INK, bold=True, anchor="mm")
    draw.polygon(s([(640, 520), (652, 570), (640, 560), (628, 570)]), fill=INK)
    legend_x = 820
    text(draw, (legend_x, 90), "Gigabit-Versorgung", 28, fill=INK, bold=True)
    text(draw, (legend_x, 126), "Anteil der Haushalte, 2026", 21, fill=INK)
    for row, (label, fill, _) in enumerate(COVERAGE_CLASSES):
        top = 185 + row * 62
        draw.rounded_rectangle(
            box(legend_x, top, legend_x + 54, top + 40),
            radius=6 * SCALE,
            fill=fill,
            outline="#6B7780",
            width=SCALE,
        )
        text(draw, (legend_x + 72, top + 20), label, 23, fill=INK, anchor="lm")
    text(draw, (legend_x, 470), "Landkreise und", 21, fill=INK)
    text(draw, (legend_x, 498), "kreisfreie Stadt", 21, fill=INK)
    text(draw, (legend_x, 526), "in Beispielland", 21, fill=INK)
    text(draw, (legend_x, 600), "Fiktive Daten, Stand Oktober 2026", 16, fill="#4A5560")
    save(image, HERE / "breitband-karte.png")


# --- the coverage bar chart -------------------------------------------------------------


def coverage_chart() -> None:
    """Share of gigabit-capable connections per year, with the 2028 target line."""
    image, draw = canvas(1200, 675, "#FFFFFF")
    values = [(2021, 31), (2022, 38), (2023, 46), (2024, 55), (2025, 63), (2026, 71)]
    left, right, top, bottom = 140, 1140, 130, 580

    def y_of(percent: float) -> float:
        return bottom - (bottom - top) * percent / 100

    text(draw, (60, 40), "Gigabitfähige Anschlüsse in Beispielland", 32, fill=INK, bold=True)
    text(draw, (60, 86), "Anteil aller Haushalte in Prozent, jeweils zum Jahresende", 20, fill="#4A5560")
    for percent in range(0, 101, 20):
        y = y_of(percent)
        draw.line(s([(left, y), (right, y)]), fill="#D5DAE0", width=SCALE)
        text(draw, (left - 16, y), f"{percent} %", 19, fill="#4A5560", anchor="rm")
    slot = (right - left) / len(values)
    for index, (year, percent) in enumerate(values):
        x0 = left + index * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        colour = TEAL_DARK if year == 2026 else TEAL
        draw.rectangle(box(x0, y_of(percent), x1, bottom), fill=colour)
        text(draw, ((x0 + x1) / 2, y_of(percent) - 8), f"{percent} %", 22, fill=INK, bold=True, anchor="md")
        text(draw, ((x0 + x1) / 2, bottom + 14), str(year), 21, fill=INK, anchor="mt")
    target = y_of(90)
    for x in range(left, right, 28):
        draw.line(s([(x, target), (min(x + 16, right), target)]), fill="#B3261E", width=3 * SCALE)
    text(draw, (right, target - 10), "Ziel 2028: 90 %", 21, fill="#B3261E", bold=True, anchor="rd")
    draw.line(s([(left, bottom), (right, bottom)]), fill=INK, width=2 * SCALE)
    save(image, HERE / "breitband-ausbau-diagramm.png")


# --- drawings ---------------------------------------------------------------------------


def house(
    draw: ImageDraw.ImageDraw, x: float, ground: float, width: float, height: float, wall: str, roof: str
) -> None:
    draw.rectangle(box(x, ground - height, x + width, ground), fill=wall)
    draw.polygon(
        s(
            [
                (x - 10, ground - height),
                (x + width / 2, ground - height - width * 0.45),
                (x + width + 10, ground - height),
            ]
        ),
        fill=roof,
    )
    for column in range(2):
        wx = x + width * (0.2 + 0.42 * column)
        draw.rectangle(
            box(wx, ground - height * 0.75, wx + width * 0.2, ground - height * 0.5),
            fill="#FFF6D5",
            outline="#5B4636",
            width=SCALE,
        )
    draw.rectangle(box(x + width * 0.42, ground - height * 0.35, x + width * 0.58, ground), fill="#5B4636")


def fibre_trench() -> None:
    """A street in cross-section: houses above, an open trench with coloured ducts below."""
    image, draw = canvas(1200, 675, "#CFE8F5")
    ground = 380
    draw.ellipse(box(1010, 50, 1110, 150), fill="#FFD45C")
    styles = [("#E9D8C3", "#A44A3F"), ("#F2E6A8", "#6C4F3D"), ("#D8E2DC", "#8C3B2F"),
              ("#F4D6C6", "#4D5B6A"), ("#E3D5EA", "#7A3E2E")]  # fmt: skip
    house_x = [60, 290, 520, 750, 980]
    for x, (wall, roof) in zip(house_x, styles, strict=True):
        house(draw, x, ground, 160, 150, wall, roof)
    draw.rectangle(box(0, ground, 1200, ground + 28), fill="#9AA3AB")  # pavement
    draw.rectangle(box(0, ground + 28, 1200, 675), fill="#8B6A4E")  # soil
    for y in range(ground + 60, 675, 46):
        for x in range(20 + (y % 3) * 30, 1200, 95):
            draw.ellipse(box(x, y, x + 9, y + 6), fill="#7A5B42")
    trench = (470, ground, 730, 600)
    draw.rectangle(box(*trench), fill="#C9A77E")
    duct_colours = ["#E8711A", "#2E7D32", "#1565C0", "#C62828", "#F9A825", "#6A1B9A", "#00838F"]
    centre_x, centre_y = 600.0, 520.0
    draw.ellipse(box(centre_x - 72, centre_y - 72, centre_x + 72, centre_y + 72), fill="#3A3A3A")
    for index, colour in enumerate(duct_colours):
        if index == 0:
            cx, cy = centre_x, centre_y
        else:
            angle = (index - 1) * math.pi / 3
            cx, cy = centre_x + 44 * math.cos(angle), centre_y + 44 * math.sin(angle)
        draw.ellipse(box(cx - 20, cy - 20, cx + 20, cy + 20), fill=colour, outline="#202020", width=SCALE)
        draw.ellipse(box(cx - 7, cy - 7, cx + 7, cy + 7), fill="#202020")
    for x in house_x:
        door = x + 80
        draw.line(
            s([(door, ground), (door, ground + 60), (centre_x, centre_y - 72)]),
            fill="#E8711A",
            width=5 * SCALE,
        )
    for x in (440, 740):
        for post in (x - 34, x + 34):
            draw.rectangle(box(post - 4, ground - 46, post + 4, ground), fill="#5F6B73")
        for stripe in range(4):
            colour = "#D62828" if stripe % 2 == 0 else "#FFFFFF"
            draw.rectangle(
                box(x - 40 + stripe * 20, ground - 56, x - 20 + stripe * 20, ground - 36),
                fill=colour,
                outline="#8A1C1C",
                width=SCALE,
            )
    save(image, HERE / "glasfaser-hausanschluss.png")


def school_connection() -> None:
    """A small school building with a fibre line leading into it."""
    image, draw = canvas(600, 338, "#DDEFE6")
    ground = 280
    draw.rectangle(box(0, ground, 600, 338), fill="#7FB069")
    draw.rectangle(box(170, 110, 520, ground), fill="#F1E3C8", outline="#6B4E3D", width=2 * SCALE)
    draw.polygon(s([(150, 110), (345, 40), (540, 110)]), fill="#B5523B")
    draw.ellipse(box(320, 62, 370, 112), fill="#FFFFFF", outline="#3B3B3B", width=2 * SCALE)
    draw.line(s([(345, 87), (345, 70)]), fill="#3B3B3B", width=2 * SCALE)
    draw.line(s([(345, 87), (358, 87)]), fill="#3B3B3B", width=2 * SCALE)
    for row in range(2):
        for column in range(5):
            if row == 1 and column == 2:
                continue
            x, y = 195 + column * 64, 135 + row * 72
            draw.rectangle(box(x, y, x + 42, y + 44), fill="#A9D6F5", outline="#6B4E3D", width=SCALE)
    draw.rectangle(box(323, 215, 367, ground), fill="#6B4E3D")
    draw.line(s([(20, 310), (140, 310), (140, 262), (170, 262)]), fill="#E8711A", width=6 * SCALE)
    for x in (60, 100):
        draw.ellipse(box(x - 5, 305, x + 5, 315), fill="#FFD45C")
    draw.rectangle(box(40, 150, 46, ground), fill="#5F6B73")
    draw.polygon(s([(46, 150), (96, 165), (46, 180)]), fill="#1D5F73")
    save(image, HERE / "schule-glasfaser.png", colours=64)


def data_portal() -> None:
    """A browser window showing a data portal: search box and six dataset cards."""
    image, draw = canvas(1200, 675, "#E6ECF2")
    draw.rounded_rectangle(
        box(60, 40, 1140, 640), radius=18 * SCALE, fill="#FFFFFF", outline="#9AA5B1", width=2 * SCALE
    )
    draw.rounded_rectangle(box(60, 40, 1140, 100), radius=18 * SCALE, fill="#D3DAE2")
    draw.rectangle(box(60, 80, 1140, 100), fill="#D3DAE2")
    for index, colour in enumerate(("#9AA5B1", "#9AA5B1", "#9AA5B1")):
        draw.ellipse(box(90 + index * 30, 62, 106 + index * 30, 78), fill=colour)
    draw.rounded_rectangle(box(210, 56, 760, 84), radius=14 * SCALE, fill="#FFFFFF")
    text(draw, (230, 70), "https://daten.example.de", 17, fill="#4A5560", anchor="lm")
    draw.rectangle(box(60, 100, 1140, 170), fill=TEAL_DARK)
    text(draw, (100, 135), "Open Data Beispielland", 28, fill="#FFFFFF", bold=True, anchor="lm")
    draw.rounded_rectangle(
        box(100, 195, 880, 245), radius=10 * SCALE, fill="#FFFFFF", outline="#6B7780", width=2 * SCALE
    )
    text(draw, (125, 220), "Search datasets …", 20, fill="#4A5560", anchor="lm")
    draw.ellipse(box(845, 205, 867, 227), outline=INK, width=3 * SCALE)
    draw.line(s([(863, 224), (873, 236)]), fill=INK, width=3 * SCALE)
    draw.rounded_rectangle(box(900, 195, 1100, 245), radius=10 * SCALE, fill=TEAL)
    text(draw, (1000, 220), "Search", 20, fill="#FFFFFF", bold=True, anchor="mm")

    def bars(x: float, y: float) -> None:
        for index, height in enumerate((30, 48, 22, 56)):
            draw.rectangle(box(x + index * 16, y + 60 - height, x + index * 16 + 11, y + 60), fill=TEAL)

    def table(x: float, y: float) -> None:
        draw.rectangle(box(x, y + 4, x + 62, y + 58), outline=TEAL_DARK, width=3 * SCALE)
        for offset in (18, 32, 46):
            draw.line(s([(x, y + offset), (x + 62, y + offset)]), fill=TEAL_DARK, width=2 * SCALE)
        draw.line(s([(x + 22, y + 4), (x + 22, y + 58)]), fill=TEAL_DARK, width=2 * SCALE)

    def pin(x: float, y: float) -> None:
        draw.ellipse(box(x + 12, y + 2, x + 50, y + 40), fill="#C2410C")
        draw.polygon(s([(x + 15, y + 30), (x + 31, y + 60), (x + 47, y + 30)]), fill="#C2410C")
        draw.ellipse(box(x + 24, y + 14, x + 38, y + 28), fill="#FFFFFF")

    def line_chart(x: float, y: float) -> None:
        draw.line(
            s([(x, y + 56), (x + 18, y + 36), (x + 34, y + 44), (x + 62, y + 8)]),
            fill="#7C3AED",
            width=4 * SCALE,
        )
        draw.line(s([(x, y + 60), (x + 62, y + 60)]), fill=INK, width=2 * SCALE)

    cards: list[tuple[str, str, str, Callable[[float, float], None]]] = [
        ("Budget 2026", "CSV", "#1D5F73", table),
        ("Broadband map", "GeoJSON", "#C2410C", pin),
        ("Air quality", "JSON", "#7C3AED", line_chart),
        ("School statistics", "CSV", "#1D5F73", bars),
        ("Charging points", "GeoJSON", "#C2410C", pin),
        ("Population", "XLSX", "#2F6B2F", table),
    ]
    for index, (title, format_name, badge, icon) in enumerate(cards):
        column, row = index % 3, index // 3
        x, y = 100 + column * 340, 280 + row * 170
        draw.rounded_rectangle(
            box(x, y, x + 320, y + 150), radius=12 * SCALE, fill="#F7F9FB", outline="#C5CED8", width=2 * SCALE
        )
        icon(x + 22, y + 30)
        text(draw, (x + 108, y + 50), title, 21, fill=INK, bold=True, anchor="lm")
        draw.rounded_rectangle(
            box(x + 108, y + 84, x + 108 + 22 + 12 * len(format_name), y + 114), radius=8 * SCALE, fill=badge
        )
        text(draw, (x + 119, y + 99), format_name, 17, fill="#FFFFFF", bold=True, anchor="lm")
    save(image, HERE / "open-data-portal.png", colours=128)


def town_hall() -> None:
    """A town hall with a clock tower between two trees (used by the flawed example)."""
    image, draw = canvas(1200, 675, "#D7ECF7")
    ground = 560
    draw.rectangle(box(0, ground, 1200, 675), fill="#8DBF6A")
    draw.rectangle(box(330, 300, 870, ground), fill="#EADBC2", outline="#6B4E3D", width=2 * SCALE)
    draw.polygon(s([(310, 300), (600, 210), (890, 300)]), fill="#9C3D2E")
    draw.rectangle(box(540, 90, 660, 300), fill="#E0CDAE", outline="#6B4E3D", width=2 * SCALE)
    draw.polygon(s([(525, 90), (600, 20), (675, 90)]), fill="#9C3D2E")
    draw.ellipse(box(565, 120, 635, 190), fill="#FFFFFF", outline="#3B3B3B", width=3 * SCALE)
    draw.line(s([(600, 155), (600, 130)]), fill="#3B3B3B", width=3 * SCALE)
    draw.line(s([(600, 155), (620, 165)]), fill="#3B3B3B", width=3 * SCALE)
    for column in range(6):
        x = 360 + column * 85
        if column in (2, 3):
            continue
        for y in (330, 430):
            draw.rounded_rectangle(
                box(x, y, x + 50, y + 70), radius=20 * SCALE, fill="#A9D6F5", outline="#6B4E3D", width=SCALE
            )
    draw.rounded_rectangle(box(555, 430, 645, ground), radius=40 * SCALE, fill="#6B4E3D")
    for x in (170, 1030):
        draw.rectangle(box(x - 14, 430, x + 14, ground), fill="#6B4E3D")
        draw.ellipse(box(x - 90, 270, x + 90, 460), fill="#4E8F3A")
    save(image, FLAWED / "rathaus.png")


def main() -> None:
    district_map()
    coverage_chart()
    fibre_trench()
    school_connection()
    data_portal()
    town_hall()


if __name__ == "__main__":
    main()
