/**
 * Printing: the kiosk's ticket and the window's 告知单 as ESC/POS for 58 and 80 mm rolls, Chinese in GB18030,
 * sent to a network printer (raw TCP) or a device file, with the printer's status read by DLE EOT.
 */
package org.hallqms.print;
