"""Load a believable demo shop: a category tree with images, products with
prices, stock and generated images, customers with profiles, reviews,
orders, and a few CMS pages. Deterministic (seeded) and safe to run again:
what exists is kept, what is missing is added."""

import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from oscar.core.loading import get_model
from oscar.core.utils import slugify
from PIL import Image, ImageDraw
from tqdm import tqdm

from forked_apps.catalogue.cache import catalogue_cache_invalidate
from forked_apps.catalogue.selectors import default_partner, default_product_class
from project.accounts.models import User

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")

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


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=200)
        parser.add_argument("--customers", type=int, default=12)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when products exist already.",
        )
        parser.add_argument(
            "--no-images", action="store_true", help="Skip product images (faster)."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Product.objects.exists():
            self.stdout.write("The shop has products already; demo data not loaded.")
            return
        self.seed = options["seed"]
        self.rng = random.Random(self.seed)
        self.progress = tqdm(
            total=5, desc="Demo shop", unit="step", disable=options["verbosity"] == 0
        )
        leaves = self.seed_categories()
        products = self.seed_products(
            leaves, options["products"], images=not options["no_images"]
        )
        customers = self.seed_customers(options["customers"])
        self.seed_reviews(products, customers)
        # Demo orders would print a confirmation email each to the console.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            self.seed_orders(products, customers)
        self.seed_pages()
        self.progress.close()
        with transaction.atomic():
            catalogue_cache_invalidate()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo shop ready: {Product.objects.count()} products, "
                f"{Category.objects.count()} categories, {len(customers)} customers "
                f"(password {CUSTOMER_PASSWORD!r})."
            )
        )

    def step(self, description: str):
        """Each step draws from its own seeded generator, so a rerun makes the
        same choices whatever an earlier step found already done."""
        self.rng = random.Random(f"{self.seed}:{description}")
        self.progress.set_postfix_str(description)

    # -- catalogue -------------------------------------------------------------

    def seed_categories(self) -> list:
        self.step("categories")
        leaves = []

        def ensure(name, parent):
            slug = slugify(name)
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                fields = {
                    "name": name,
                    "slug": slug,
                    "description": f"Our {name.lower()} range.",
                }
                category = (
                    parent.add_child(**fields)
                    if parent
                    else Category.add_root(**fields)
                )
                colour = self.rng.choice(COLOURS)[1]
                category.image.save(
                    f"{slug}.jpg",
                    ContentFile(generated_image(name, colour, (640, 320))),
                )
            return category

        for root_name, subtree in CATEGORY_TREE.items():
            root = ensure(root_name, None)
            for middle_name, leaf_names in subtree.items():
                middle = ensure(middle_name, root)
                leaves.extend(ensure(leaf, middle) for leaf in leaf_names)
        self.progress.update()
        return leaves

    def product_names(self, leaves, count):
        """Deterministic, unique names, spread over the leaf categories."""
        names, seen = [], set()
        combos = [
            (f"{adjective} {colour} {noun}", leaf, rgb)
            for leaf in leaves
            for noun in NOUNS[leaf.name]
            for adjective in ADJECTIVES
            for colour, rgb in COLOURS
        ]
        self.rng.shuffle(combos)
        for name, leaf, rgb in combos:
            if len(names) == count:
                break
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append((name, leaf, rgb))
        return names

    def seed_products(self, leaves, count, images=True) -> list:
        self.step("products")
        wanted = self.product_names(leaves, count)
        self.rng = random.Random(f"{self.seed}:product-details")
        existing = set(
            Product.objects.filter(title__in=[n for n, _, _ in wanted]).values_list(
                "title", flat=True
            )
        )
        missing = [item for item in wanted if item[0] not in existing]
        product_class = default_product_class()
        partner = default_partner()
        taken_slugs = set(Product.objects.values_list("slug", flat=True))
        batch = 500
        with tqdm(
            total=len(missing), desc="Products", unit="product", leave=False
        ) as bar:
            for start in range(0, len(missing), batch):
                chunk = missing[start : start + batch]
                with transaction.atomic():
                    products = []
                    for name, _, _ in chunk:
                        slug = slugify(name)
                        while slug in taken_slugs:
                            slug += "-x"
                        taken_slugs.add(slug)
                        products.append(
                            Product(
                                title=name,
                                slug=slug,
                                description=self.description(name),
                                product_class=product_class,
                                structure=Product.STANDALONE,
                                is_public=self.rng.random() > 0.03,
                            )
                        )
                    Product.objects.bulk_create(products)
                    products = list(
                        Product.objects.filter(
                            slug__in=[p.slug for p in products]
                        ).order_by("pk")
                    )
                    by_title = {p.title: p for p in products}
                    ProductCategory.objects.bulk_create(
                        ProductCategory(product=by_title[name], category=leaf)
                        for name, leaf, _ in chunk
                    )
                    StockRecord.objects.bulk_create(
                        StockRecord(
                            product=by_title[name],
                            partner=partner,
                            partner_sku=str(by_title[name].uuid),
                            price=self.price(),
                            price_currency="USD",
                            num_in_stock=self.rng.choice(
                                [0, 3, 8, 15, 25, 40, 60, 100]
                            ),
                            num_allocated=0,
                            low_stock_threshold=5,
                        )
                        for name, _, _ in chunk
                    )
                    if images:
                        self.add_images(chunk, by_title)
                bar.update(len(chunk))
        self.progress.update()
        return list(
            Product.objects.filter(title__in=[n for n, _, _ in wanted]).order_by("slug")
        )

    def add_images(self, chunk, by_title):
        rows = []
        for name, _, rgb in chunk:
            product = by_title[name]
            for position in range(self.rng.choice([1, 1, 2])):
                shade = tuple(min(255, c + 30 * position) for c in rgb)
                image = ProductImage(
                    product=product,
                    caption=f"{name}, view {position + 1}",
                    display_order=position,
                )
                image.original.save(
                    f"{product.slug}-{position + 1}.jpg",
                    ContentFile(generated_image(name, shade)),
                    save=False,
                )
                rows.append(image)
        ProductImage.objects.bulk_create(rows)

    def description(self, name: str) -> str:
        qualities = self.rng.sample(
            [
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
            ],
            3,
        )
        return f"The {name}: {qualities[0]}, {qualities[1]} and {qualities[2]}. Made for everyday use."

    def price(self) -> Decimal:
        return Decimal(
            self.rng.choice(
                [9, 12, 15, 19, 24, 29, 35, 39, 49, 59, 79, 99, 129, 149, 199]
            )
        ) - Decimal("0.01")

    # -- people ----------------------------------------------------------------

    def seed_customers(self, count) -> list:
        self.step("customers")
        customers = []
        for n in range(count):
            first, last = (
                FIRST_NAMES[n % len(FIRST_NAMES)],
                LAST_NAMES[n % len(LAST_NAMES)],
            )
            email = f"{first}.{last}{n}@example.com".lower().replace(" ", "")
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=CUSTOMER_PASSWORD)
                profile = user.profile
                profile.first_name, profile.last_name = first, last
                profile.visibility = "private" if n % 5 == 4 else "public"
                profile.save()
            customers.append(user)
        self.progress.update()
        return customers

    def seed_reviews(self, products, customers):
        """A third of the products get 1-5 reviews, most of them approved.
        Each product's reviews come from its own seeded generator."""
        self.step("reviews")
        reviewed = set(ProductReview.objects.values_list("product_id", flat=True))
        rows = []
        for product in products:
            rng = random.Random(f"{self.seed}:reviews:{product.slug}")
            if product.pk in reviewed or rng.random() > 0.35:
                continue
            for user in rng.sample(customers, k=min(len(customers), rng.randint(1, 5))):
                score = rng.choices([5, 4, 3, 2, 1], weights=[45, 30, 12, 8, 5])[0]
                rows.append(
                    ProductReview(
                        product=product,
                        user=user,
                        score=score,
                        body=rng.choice(REVIEW_COMMENTS[score]),
                        status=ProductReview.APPROVED
                        if rng.random() > 0.15
                        else ProductReview.FOR_MODERATION,
                    )
                )
        ProductReview.objects.bulk_create(rows)
        for product in {row.product for row in rows}:
            product.update_rating()
        self.progress.update()

    def seed_orders(self, products, customers):
        """Orders come with the checkout (see forked_apps/order/services.py)."""
        self.step("orders")
        try:
            from forked_apps.order.demo import seed_demo_orders
        except ImportError:
            pass
        else:
            seed_demo_orders(rng=self.rng, products=products, customers=customers)
        self.progress.update()

    # -- content ---------------------------------------------------------------

    def seed_pages(self):
        from project.cms.models import ContentPage, HomePage

        home = HomePage.objects.first()
        if home is None:
            return
        for title, body in CMS_PAGES:
            if not ContentPage.objects.filter(slug=slugify(title)).exists():
                home.add_child(
                    instance=ContentPage(title=title, slug=slugify(title), body=body)
                )
