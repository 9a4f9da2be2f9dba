import Testing
@testable import PtolemyRDFIO
