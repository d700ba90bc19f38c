"""What the demo shop is made of: names, colours, reviews, pages, and the
generated product images."""

import io

from PIL import Image, ImageDraw

CATEGORY_TREE = {
    "Clothing": {
        "Men": ["Shirts", "Trousers", "Jackets"],
        "Women": ["Dresses", "Tops", "Skirts"],
        "Kids": ["Baby", "School wear"],
    },
    "Home": {"Kitchen": ["Cookware", "Tableware"], "Decor": ["Lamps", "Cushions"]},
    "Electronics": {
        "Audio": ["Headphones", "Speakers"],
        "Accessories": ["Cables", "Chargers"],
    },
    "Outdoors": {
        "Camping": ["Tents", "Sleeping bags"],
        "Cycling": ["Helmets", "Lights"],
    },
}

NOUNS = {
    "Shirts": ["Oxford Shirt", "Linen Shirt", "Flannel Shirt", "Polo Shirt"],
    "Trousers": ["Chinos", "Cargo Trousers", "Wool Trousers", "Jeans"],
    "Jackets": ["Rain Jacket", "Bomber Jacket", "Quilted Jacket", "Denim Jacket"],
    "Dresses": ["Wrap Dress", "Shirt Dress", "Maxi Dress", "Slip Dress"],
    "Tops": ["Knit Top", "Tank Top", "Blouse", "Turtleneck"],
    "Skirts": ["Pleated Skirt", "Pencil Skirt", "Midi Skirt", "Denim Skirt"],
    "Baby": ["Romper", "Bib Set", "Sleepsuit", "Knitted Hat"],
    "School wear": ["School Jumper", "School Shirt", "PE Shorts", "Book Bag"],
    "Cookware": ["Frying Pan", "Saucepan", "Dutch Oven", "Wok"],
    "Tableware": ["Dinner Plate Set", "Mug", "Salad Bowl", "Glass Tumbler"],
    "Lamps": ["Desk Lamp", "Floor Lamp", "Bedside Lamp", "Pendant Light"],
    "Cushions": ["Velvet Cushion", "Linen Cushion", "Floor Cushion", "Bolster"],
    "Headphones": [
        "Over-Ear Headphones",
        "Earbuds",
        "Studio Monitor Headphones",
        "Sport Earphones",
    ],
    "Speakers": ["Bluetooth Speaker", "Bookshelf Speaker", "Soundbar", "Smart Speaker"],
    "Cables": ["USB-C Cable", "HDMI Cable", "Lightning Cable", "Audio Cable"],
    "Chargers": ["Wall Charger", "Power Bank", "Wireless Charger", "Car Charger"],
    "Tents": ["Two-Person Tent", "Family Tent", "Ultralight Tent", "Pop-Up Tent"],
    "Sleeping bags": [
        "Down Sleeping Bag",
        "Summer Sleeping Bag",
        "Kids Sleeping Bag",
        "Bivvy Bag",
    ],
    "Helmets": ["Road Helmet", "MTB Helmet", "Commuter Helmet", "Kids Helmet"],
    "Lights": ["Front Bike Light", "Rear Bike Light", "Head Torch", "Light Set"],
}
ADJECTIVES = [
    "Classic",
    "Organic",
    "Everyday",
    "Premium",
    "Recycled",
    "Heritage",
    "Urban",
    "Alpine",
    "Coastal",
    "Nordic",
    "Vintage",
    "Essential",
    "Studio",
    "Travel",
    "Weekend",
    "Signature",
    "Pro",
    "Lightweight",
    "Compact",
    "Deluxe",
]
COLOURS = [
    ("Navy", (31, 58, 96)),
    ("Sage", (135, 160, 130)),
    ("Rust", (170, 80, 45)),
    ("Charcoal", (60, 60, 64)),
    ("Sand", (212, 190, 150)),
    ("Teal", (30, 120, 120)),
    ("Plum", (110, 50, 90)),
    ("Ochre", (200, 150, 40)),
    ("Slate", (100, 115, 130)),
    ("Cream", (240, 230, 210)),
    ("Forest", (35, 85, 55)),
    ("Coral", (230, 110, 90)),
]
FIRST_NAMES = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Radia",
    "Guido",
    "Katherine",
    "Tim",
]
LAST_NAMES = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Perlman",
    "van Rossum",
    "Johnson",
    "Berners-Lee",
]
REVIEW_COMMENTS = {
    5: [
        "Excellent quality, exactly as described.",
        "Love it. Would buy again.",
        "Fast delivery and great value.",
    ],
    4: [
        "Very good, minor quibbles.",
        "Good quality for the price.",
        "Nice, fits well.",
    ],
    3: ["It's fine. Does the job.", "Average, expected a bit more.", ""],
    2: ["Not great, the colour is off.", "Smaller than I expected."],
    1: ["Broke after a week.", "Disappointed, returning it."],
}
QUALITIES = [
    "durable",
    "soft",
    "easy to care for",
    "responsibly made",
    "designed to last",
    "lightweight",
    "versatile",
    "comfortable",
    "water-resistant",
    "timeless",
]
PRICES = [9, 12, 15, 19, 24, 29, 35, 39, 49, 59, 79, 99, 129, 149, 199]
CUSTOMER_PASSWORD = "demo-Customer-2026"
CMS_PAGES = [
    (
        "About us",
        "<p>We are a small independent shop selling well-made everyday things.</p>",
    ),
    (
        "Shipping and returns",
        "<p>Free shipping over $50. Returns accepted within 30 days.</p>",
    ),
    (
        "FAQ",
        "<p><b>Where is my order?</b> Check your account for tracking details.</p>",
    ),
]


def generated_image(label: str, colour: tuple[int, int, int], size=(480, 480)) -> bytes:
    """A simple product shot: a coloured tile with a contrasting shape and label."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    accent = tuple(255 - c for c in colour)
    w, h = size
    draw.ellipse((w * 0.2, h * 0.15, w * 0.8, h * 0.75), outline=accent, width=8)
    draw.rectangle((0, h * 0.82, w, h), fill=tuple(max(c - 40, 0) for c in colour))
    draw.text((w * 0.05, h * 0.87), label[:40], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
