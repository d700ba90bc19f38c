"""Keep both Site models (Django's, used by Oscar, and Wagtail's) in line with
the SITE_DOMAIN and SITE_NAME settings, after every migrate."""

from django.conf import settings


def split_domain(domain: str) -> tuple[str, int]:
    host, _, port = domain.partition(":")
    return host, int(port) if port.isdigit() else 80


def sync_sites(**kwargs):
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site as WagtailSite

    using = kwargs.get("using", "default")
    DjangoSite.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME},
    )
    hostname, port = split_domain(settings.SITE_DOMAIN)
    WagtailSite.objects.using(using).filter(is_default_site=True).update(
        hostname=hostname, port=port, site_name=settings.SITE_NAME
    )
