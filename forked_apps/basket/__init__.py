default_app_config = 'forked_apps.basket.apps.BasketConfig'
