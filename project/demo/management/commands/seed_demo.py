"""Load a believable demo shop: a category tree with images, products with
prices, stock and generated images, customers with profiles, reviews,
orders, a welcome voucher, low-stock thresholds, and a few CMS pages. Deterministic (seeded) and safe to run again:
what exists is kept, what is missing is added. Everything goes through the
shop's own services, as the API and the dashboard do."""

import itertools
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.utils import slugify
from tqdm import tqdm

from forked_apps.catalogue.reviews.services import reviews_import
from forked_apps.catalogue.services import NewProduct, category_create, products_import
from forked_apps.partner.services import stock_set
from forked_apps.voucher.services import voucher_create
from project.accounts.models import User
from project.accounts.services import profile_update, user_register
from project.cms.models import ContentPage, HomePage
from project.demo import data
from project.demo.orders import seed_demo_orders

Category = get_model("catalogue", "Category")
Voucher = get_model("voucher", "Voucher")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")

BATCH = 1000  # products per transaction


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
        self.quiet = options["verbosity"] == 0
        self.progress = tqdm(total=7, desc="Demo shop", unit="step", disable=self.quiet)
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
            self.step("orders")
            seed_demo_orders(rng=self.rng, products=products, customers=customers)
            self.progress.update()
            self.seed_promotions_and_thresholds(products)
        self.seed_pages()
        self.progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo shop ready: {Product.objects.count()} products, "
                f"{Category.objects.count()} categories, {len(customers)} customers "
                f"(password {data.CUSTOMER_PASSWORD!r})."
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
        existing = {category.slug: category for category in Category.objects.all()}
        leaves = []

        def ensure(name, parent):
            slug = slugify(name)
            if slug in existing:
                return existing[slug]
            colour = self.rng.choice(data.COLOURS)[1]
            return category_create(
                name=name,
                parent=parent,
                slug=slug,
                description=f"Our {name.lower()} range.",
                image=ContentFile(
                    data.generated_image(name, colour, (640, 320)), name=f"{slug}.jpg"
                ),
            )

        for root_name, subtree in data.CATEGORY_TREE.items():
            root = ensure(root_name, None)
            for middle_name, leaf_names in subtree.items():
                middle = ensure(middle_name, root)
                leaves.extend(ensure(leaf, middle) for leaf in leaf_names)
        self.progress.update()
        return leaves

    def product_names(self, leaves, count):
        """Deterministic, unique names, spread over the leaf categories; past
        the ~19,000 combinations of words, the same again as a numbered
        series ("... No. 2")."""
        names, seen = [], set()
        combos = [
            (f"{adjective} {colour} {noun}", leaf, rgb)
            for leaf in leaves
            for noun in data.NOUNS[leaf.name]
            for adjective in data.ADJECTIVES
            for colour, rgb in data.COLOURS
        ]
        self.rng.shuffle(combos)
        for series in itertools.count(1):
            for name, leaf, rgb in combos:
                if len(names) == count:
                    return names
                if series > 1:
                    name = f"{name} No. {series}"
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
        with tqdm(
            total=len(missing),
            desc="Products",
            unit="product",
            leave=False,
            disable=self.quiet,
        ) as bar:
            for start in range(0, len(missing), BATCH):
                chunk = missing[start : start + BATCH]
                products_import(
                    rows=[self.new_product(*item, images) for item in chunk]
                )
                bar.update(len(chunk))
        self.progress.update()
        return list(
            Product.objects.filter(title__in=[n for n, _, _ in wanted]).order_by("slug")
        )

    def new_product(self, name, leaf, rgb, images: bool) -> NewProduct:
        shots = ()
        if images:
            shots = tuple(
                (
                    data.generated_image(
                        name, tuple(min(255, c + 30 * position) for c in rgb)
                    ),
                    f"{name}, view {position + 1}",
                )
                for position in range(self.rng.choice([1, 1, 2]))
            )
        return NewProduct(
            name=name,
            description=self.description(name),
            price=self.price(),
            currency="USD",
            stock=self.rng.choice([0, 3, 8, 15, 25, 40, 60, 100]),
            category=leaf,
            is_active=self.rng.random() > 0.03,
            images=shots,
        )

    def description(self, name: str) -> str:
        qualities = self.rng.sample(data.QUALITIES, 3)
        return (
            f"The {name}: {qualities[0]}, {qualities[1]} and {qualities[2]}. "
            "Made for everyday use."
        )

    def price(self) -> Decimal:
        return Decimal(self.rng.choice(data.PRICES)) - Decimal("0.01")

    # -- people ----------------------------------------------------------------

    def seed_customers(self, count) -> list:
        self.step("customers")
        customers = []
        for n in range(count):
            first = data.FIRST_NAMES[n % len(data.FIRST_NAMES)]
            last = data.LAST_NAMES[n % len(data.LAST_NAMES)]
            email = f"{first}.{last}{n}@example.com".lower().replace(" ", "")
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_register(email=email, password=data.CUSTOMER_PASSWORD)
                profile_update(
                    profile=user.profile,
                    first_name=first,
                    last_name=last,
                    visibility="private" if n % 5 == 4 else "public",
                )
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
                        body=rng.choice(data.REVIEW_COMMENTS[score]),
                        status=ProductReview.APPROVED
                        if rng.random() > 0.15
                        else ProductReview.FOR_MODERATION,
                    )
                )
        reviews_import(reviews=rows)
        self.progress.update()

    # -- promotions and stock ----------------------------------------------------

    def seed_promotions_and_thresholds(self, products):
        """WELCOME10: 10 % off a first order of 20 or more, for a year; every
        tenth product reorders at 10 units (alerts, the reorder report)."""
        self.step("promotions and thresholds")
        if not Voucher.objects.filter(code="WELCOME10").exists():
            now = timezone.now()
            voucher_create(
                code="WELCOME10",
                name="Welcome: 10% off your first order",
                benefit_type="percentage",
                benefit_value=Decimal("10"),
                usage="once_per_customer",
                start_datetime=now,
                end_datetime=now + timedelta(days=365),
                minimum_spend=Decimal("20.00"),
            )
        for product in products[::10]:
            stock_set(product=product, low_stock_threshold=10)
        self.progress.update()

    # -- content ---------------------------------------------------------------

    def seed_pages(self):
        home = HomePage.objects.first()
        if home is not None:
            for title, body in data.CMS_PAGES:
                if not ContentPage.objects.filter(slug=slugify(title)).exists():
                    home.add_child(
                        instance=ContentPage(
                            title=title, slug=slugify(title), body=body
                        )
                    )
        self.progress.update()
