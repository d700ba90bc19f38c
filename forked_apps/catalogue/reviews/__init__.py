default_app_config = 'forked_apps.catalogue.reviews.apps.CatalogueReviewsConfig'
