default_app_config = 'forked_apps.customer.apps.CustomerConfig'
