import Testing
@testable import PtolemyGeo
