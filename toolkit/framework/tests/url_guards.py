PUBLIC_URLS = {
    "framework:index",
    "framework:types",
    "framework:qualities",
    "framework:steps",
    "framework:mapping",
    "framework:principles",
    "framework:principle",
    "framework:barriers",
    "framework:practice",
    "framework:practice-example",
}
