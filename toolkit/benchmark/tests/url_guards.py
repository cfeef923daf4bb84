# The national pages are for national analysts only (the view checks is_national_analyst);
# the area pages take area_code and are wrapped in area_view.
ACCOUNT_LEVEL_URLS = {"benchmark:national"}
