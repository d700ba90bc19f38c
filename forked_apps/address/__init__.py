default_app_config = 'forked_apps.address.apps.AddressConfig'
