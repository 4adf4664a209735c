// Checks the properties the project was generated with, in batch mode too (Maven checks an
// archetype's validationRegex only when it asks for a value): a bad one removes the generated
// project and fails, naming the property, its value and what is expected.
def dnsLabel = ~/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/
def rules = [
    artifactId: [dnsLabel, 'lower-case letters, digits and \'-\' (a file name and a Kubernetes name), at most 63'],
    'package' : [~/[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*/, 'a Java package name in lower case, e.g. com.example.cache'],
    category  : [dnsLabel, 'a Capability category: lower-case letters, digits and \'-\', at most 63'],
    type      : [dnsLabel, 'a Capability type: lower-case letters, digits and \'-\', at most 63'],
    versions  : [~/[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*/, 'versions separated by commas, oldest first, e.g. 1.0,1.1'],
]
def problems = rules.findAll { name, rule ->
    def value = request.properties.getProperty(name)
    value == null || !(value ==~ rule[0])
}.collect { name, rule -> "-D${name}='${request.properties.getProperty(name)}': expected ${rule[1]}" }
if (problems) {
    new File(request.outputDirectory, request.artifactId).deleteDir()
    throw new IllegalArgumentException('halkyon-plugin-archetype: ' + problems.join('; '))
}
